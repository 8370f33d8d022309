// Every error class of the public surface has its own stable code, and instances carry it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as api from '../../src/index.js';

test('each exported error class has a distinct ERR_IGNITE code, the one ErrorCode names for it', () => {
  const classes = (Object.entries(api) as Array<[string, unknown]>).filter(
    (entry): entry is [string, new (message: string) => api.IgniteError] =>
      typeof entry[1] === 'function' && (entry[1] === api.IgniteError || (entry[1] as { prototype: unknown }).prototype instanceof api.IgniteError),
  );
  assert.ok(classes.length >= 17, `found ${classes.length} error classes`);
  const codes = new Set<string>();
  for (const [name, ErrorClass] of classes) {
    const err = new ErrorClass('m');
    assert.equal(err.name, name, 'name is the class name');
    assert.match(err.code, /^ERR_IGNITE(_[A-Z]+)*$/);
    const expected = name === 'IgniteError' ? 'ERR_IGNITE' : `ERR_IGNITE_${name.replace(/Error$/, '').replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`;
    assert.equal(err.code, expected, name);
    assert.ok(Object.values(api.ErrorCode).includes(err.code), `${err.code} is in ErrorCode`);
    assert.ok(!codes.has(err.code), `${err.code} is used once`);
    codes.add(err.code);
  }
  assert.equal(codes.size, Object.keys(api.ErrorCode).length, 'every ErrorCode belongs to a class');
});

test('a TlsError keeps Node\'s code apart from its own', () => {
  const err = new api.TlsError('bad certificate', { tlsCode: 'CERT_HAS_EXPIRED' });
  assert.equal(err.code, 'ERR_IGNITE_TLS');
  assert.equal(err.tlsCode, 'CERT_HAS_EXPIRED');
  assert.ok(err instanceof api.HandshakeError && err instanceof api.ConnectionError);
});
