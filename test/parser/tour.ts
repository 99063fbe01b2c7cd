// The examples of the language tour (LANGUAGE.md §2), shared by the parser tests.

export const NEXT_NUMBER = `# next_number.rnn — an LSTM learns to continue 5 consecutive numbers
model next_number {
  LSTM(1, input=(5, 1))
}

train {
  loss = mean_absolute_error
  optimizer = Adam(learning_rate=0.01)
  epochs = 500
  batch_size = 16
  validation_split = 0.2
}
`;

export const SENTIMENT = `# sentiment.rnn — many-to-one over word ids, variable length via masking
model sentiment {
  Embedding(10000, 128, mask_zero=true, input=(None,))
  Bidirectional(LSTM(64, return_sequences=true))
  LSTM(32, dropout=0.2)
  Dense(1, activation=sigmoid)
}

train {
  loss = binary_crossentropy
  optimizer = Adam(learning_rate=1e-3, clipnorm=1.0)
  metrics = [accuracy]
  epochs = 10
  batch_size = 32
  callbacks = [EarlyStopping(monitor=val_loss, patience=2)]
}
`;

export const TRANSLATE = `# translate.rnn — encoder-decoder with teacher forcing (functional form)
model translate {
  src = Input(shape=(None,), dtype=int32)
  tgt = Input(shape=(None,), dtype=int32)
  _, h, c = LSTM(256, return_state=true)(Embedding(8000, 128, mask_zero=true)(src))
  dec = LSTM(256, return_sequences=true)(Embedding(8000, 128)(tgt), initial_state=[h, c])
  output TimeDistributed(Dense(8000, activation=softmax))(dec)
}
`;

export const TOUR = { NEXT_NUMBER, SENTIMENT, TRANSLATE };
