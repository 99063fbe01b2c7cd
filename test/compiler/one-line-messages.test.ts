// A diagnostic's message is one line, whatever user text it quotes (found by `npm run fuzz`: a
// string holding an escaped line break, named as an initializer, broke E0206's message in two).

import { describe, expect, it } from 'vitest';
import { check } from '../../src/compiler/check.ts';
import { expectSound } from './sound.ts';

describe('messages that quote user text', () => {
  it('show a line break, a carriage return and other control characters escaped', () => {
    const text = 'model m {\n  LSTM(4, recurrent_initializer="a\\nb\\r\\u0007", input=(3, 1))\n}\n';
    const r = check(text, 'm.rnn');
    expectSound(text, r);
    const d = r.diagnostics.find((x) => x.code === 'E0206');
    expect(d?.message).toBe('unknown initializer `a\\nb\\r\\u0007`');
  });

  it('the fuzz finding itself, minimised by fast-check', () => {
    const text = '\n\n#aa\nmodel \n  \n (x\r\n\r\n=(a,x #aaaaa😀\n() #😀aaa\n(  \'aaa\', ) ) , ) ( TimeDistributedEmbedding\n\n#aa\n= LSTM( #aaa\n__\n, #aa\nrecurrent_initializer\n=\n\n#aaa\n"aaaa\\n\\""), #a\n) #\noutput A0}\n';
    expectSound(text);
  });
});
