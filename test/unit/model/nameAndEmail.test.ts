import * as assert from 'node:assert/strict';
import { displayNamePhrase, nameAndEmail } from '../../../src/model/nameAndEmail';

describe('Name <email> (RFC 5322)', () => {
  it('leaves names of atoms and spaces as they are', () => {
    assert.equal(nameAndEmail('Ada Lovelace', 'ada@example.com'), 'Ada Lovelace <ada@example.com>');
    assert.equal(nameAndEmail("O'Brien-Smith", 'o@example.com'), "O'Brien-Smith <o@example.com>");
  });

  it('quotes names with specials and escapes backslash and quote', () => {
    assert.equal(nameAndEmail('Lovelace, Ada', 'ada@example.com'), '"Lovelace, Ada" <ada@example.com>');
    assert.equal(nameAndEmail('Ada "Countess" L.', 'a@x.io'), '"Ada \\"Countess\\" L." <a@x.io>');
    assert.equal(nameAndEmail('back\\slash', 'a@x.io'), '"back\\\\slash" <a@x.io>');
    for (const special of '()<>[]:;@\\,."') {
      assert.ok(displayNamePhrase(`a${special}b`).startsWith('"'), special);
    }
  });

  it('keeps non-ASCII names unquoted unless they hold specials', () => {
    assert.equal(nameAndEmail('José Núñez', 'jose@example.es'), 'José Núñez <jose@example.es>');
    assert.equal(nameAndEmail('山田 太郎', 'taro@example.jp'), '山田 太郎 <taro@example.jp>');
    assert.equal(nameAndEmail('Ünal, Ayşe', 'a@example.tr'), '"Ünal, Ayşe" <a@example.tr>');
  });

  it('folds line breaks and tabs into one space, so the header stays one line', () => {
    assert.equal(nameAndEmail('Ada\r\n\tLovelace', 'a@x.io'), 'Ada Lovelace <a@x.io>');
  });

  it('gives the bare address without a name', () => {
    assert.equal(nameAndEmail(null, 'a@x.io'), 'a@x.io');
    assert.equal(nameAndEmail('', 'a@x.io'), 'a@x.io');
    assert.equal(nameAndEmail('a@x.io', 'a@x.io'), 'a@x.io');
  });
});
