// Cross-checks Durably's MessagePack codec against @msgpack/msgpack (the reference JavaScript
// implementation). Usage: node msgpack-crosscheck.cjs <package dir> <request.json> <response.json>
//
// request:  { decode: [{ id, hex }], encode: [{ id, expr, options }] }
// response: { decoded: { id: canonical | "error:..." }, encoded: { id: { hex, canonical } | { error } } }
//
// "canonical" is a type-tagged text both sides compute independently:
//   nil  true  false  n:<float64 bits as hex>  i:<decimal> (int 64 / uint 64, read as BigInt)
//   s:<utf-8 hex>  b:<hex>  [a,b]  {k=v,...}  x:<type>:<hex>  t:<seconds>:<nanoseconds>
'use strict';
const fs = require('fs');
const path = require('path');

const [packageDir, requestPath, responsePath] = process.argv.slice(2);
const msgpack = require(path.join(packageDir, 'node_modules', '@msgpack', 'msgpack'));
const { encode, decode, ExtData, ExtensionCodec, decodeTimestampToTimeSpec, encodeTimeSpecToTimestamp } = msgpack;

// Timestamps decode to exact seconds + nanoseconds (the default decodes to a millisecond Date).
const extensionCodec = new ExtensionCodec();
extensionCodec.register({
  type: -1,
  encode: (value) => (value instanceof Date ? msgpack.encodeTimestampExtension(value) : null),
  decode: (data) => ({ timestamp: decodeTimestampToTimeSpec(data) }),
});

// Map keys become unique, order-preserving property names that carry the key's canonical form,
// so maps with integer or repeated-looking keys keep their order and their key types.
let keySerial = 0;
const decodeOptions = {
  useBigInt64: true,
  extensionCodec,
  mapKeyConverter: (key) => '#' + keySerial++ + '#' + canonical(key),
};

function hex(bytes) {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex').toUpperCase();
}

function float64Bits(number) {
  const buffer = Buffer.alloc(8);
  buffer.writeDoubleBE(number);
  return buffer.toString('hex').toUpperCase();
}

function canonical(value) {
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return 'n:' + float64Bits(value);
  if (typeof value === 'bigint') return 'i:' + value.toString();
  if (typeof value === 'string') return 's:' + Buffer.from(value, 'utf8').toString('hex').toUpperCase();
  if (value instanceof Uint8Array) return 'b:' + hex(value);
  if (Array.isArray(value)) return '[' + value.map(canonical).join(',') + ']';
  if (value instanceof ExtData) return 'x:' + value.type + ':' + hex(value.data);
  if (value.timestamp) return 't:' + value.timestamp.sec + ':' + value.timestamp.nsec;
  return '{' + Object.keys(value).map((key) => key.substring(key.indexOf('#', 1) + 1) + '=' + canonical(value[key])).join(',') + '}';
}

const request = JSON.parse(fs.readFileSync(requestPath, 'utf8'));
const response = { decoded: {}, encoded: {} };

for (const item of request.decode || []) {
  try {
    response.decoded[item.id] = canonical(decode(Buffer.from(item.hex, 'hex'), decodeOptions));
  } catch (error) {
    response.decoded[item.id] = 'error:' + String(error);
  }
}

for (const item of request.encode || []) {
  try {
    const build = new Function('ExtData', 'encodeTimeSpecToTimestamp', 'return (' + item.expr + ');');
    const value = build(ExtData, encodeTimeSpecToTimestamp);
    const bytes = encode(value, Object.assign({ useBigInt64: true, extensionCodec }, item.options || {}));
    response.encoded[item.id] = { hex: hex(bytes), canonical: canonical(decode(bytes, decodeOptions)) };
  } catch (error) {
    response.encoded[item.id] = { error: String(error) };
  }
}

fs.writeFileSync(responsePath, JSON.stringify(response));
