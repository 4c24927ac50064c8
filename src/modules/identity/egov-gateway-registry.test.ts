import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { XMLParser } from 'fast-xml-parser';
import { egovGatewayRegistry, SYNC_CHANNEL_NS } from './egov-gateway-registry.ts';
import { stateRegistryFromConfig } from './registry-from-config.ts';
import { ConfigError } from '../../config.ts';
import { parseRegistrySettings } from './registry-settings.ts';
import { isAppError } from '../../shared/errors.ts';

/** A loopback fake of the gateway's SyncChannel: checks the request and answers from a small table. */
let server: http.Server;
let url: string;
const seen: Record<string, unknown>[] = [];
let mode: 'normal' | 'fault' | 'http500' | 'garbage' | 'slow' = 'normal';

const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false });
const answer = (code: string, data: string) => `<?xml version="1.0"?>
<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body>
<ns2:SendMessageResponse xmlns:ns2="${SYNC_CHANNEL_NS}"><response>
<responseInfo><messageId>x</messageId><responseDate>2026-01-01T00:00:00Z</responseDate><status><code>${code}</code><message>m</message></status></responseInfo>
<responseData><data>${data}</data></responseData></response></ns2:SendMessageResponse></S:Body></S:Envelope>`;

before(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (mode === 'slow') return void setTimeout(() => res.end(), 2000);
      if (mode === 'http500') return void res.writeHead(500).end('oops');
      if (mode === 'garbage') return void res.writeHead(200).end('<<not xml');
      if (mode === 'fault') return void res.writeHead(500, { 'content-type': 'text/xml' }).end('<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><S:Fault><faultcode>S:Server</faultcode><faultstring>down</faultstring></S:Fault></S:Body></S:Envelope>');
      const doc = parser.parse(body);
      const request = doc.Envelope.Body.SendMessage.request;
      seen.push(request);
      const info = request.requestInfo;
      if (info.sender.senderId !== 'jashik' || info.sender.password !== 's3cret') return void res.writeHead(200).end(answer('AUTH_ERROR', ''));
      const data = request.requestData.data;
      res.writeHead(200, { 'content-type': 'text/xml' });
      if (info.serviceId === 'GBDFL_UniversalServiceSync' && data.iin === '900101300123') {
        return void res.end(answer('SCSS001', '<person><iin>900101300123</iin><surname>ТЕСТОВ</surname><name>ТЕСТ</name><patronymic>ТЕСТОВИЧ</patronymic><birthDate>1990-01-01</birthDate></person>'));
      }
      // A person with a registration address in GBD FL's shape: reference-book nodes for the oblast (district) and raion (region).
      if (info.serviceId === 'GBDFL_UniversalServiceSync' && data.iin === '850314300456') {
        return void res.end(answer('SCSS001', '<person><iin>850314300456</iin><surname>НҰРЛАНОВ</surname><name>АСҚАР</name>'
          + '<regAddress><country><code>398</code><nameRu>КАЗАХСТАН</nameRu></country><district><code>1975</code><nameRu>Карагандинская область</nameRu><nameKz>Қарағанды облысы</nameKz></district>'
          + '<region><code>1</code><nameRu>Казыбекбийский район</nameRu></region><city>Караганда</city><street>ул. Бухар жырау</street><building>49</building><flat>12</flat><postIndex>100012</postIndex></regAddress></person>'));
      }
      if (info.serviceId === 'GBDUL_UniversalServiceSync' && data.bin === '200140000018') {
        return void res.end(answer('SCSS001', '<organisation><bin>200140000018</bin><fullName>ТОО "ДЕМО"</fullName><regNumber>123-1900-ТОО</regNumber><status>liquidated</status>'
          + '<legalAddress><region>г. Астана</region><city>Астана</city><street>пр. Мәңгілік Ел</street><house>8</house><office>301</office><postcode>Z05H9E8</postcode></legalAddress></organisation>'));
      }
      res.end(answer('SCSS001', ''));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/bip-sync-wss-gost/`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

const registry = () => egovGatewayRegistry({ url, senderId: 'jashik', password: 's3cret', timeoutMs: 500 });

test('MB-13: the gateway client sends SendMessage with requestInfo (messageId, serviceId, messageDate, sender) and the IIN', async () => {
  mode = 'normal';
  seen.length = 0;
  const p = await registry().findPerson('900101300123');
  assert.deepEqual(p, { iin: '900101300123', surname: 'ТЕСТОВ', name: 'ТЕСТ', patronymic: 'ТЕСТОВИЧ', birthDate: '1990-01-01', status: 'active' });
  const info = (seen[0] as { requestInfo: Record<string, unknown> }).requestInfo;
  assert.equal(info.serviceId, 'GBDFL_UniversalServiceSync');
  assert.match(String(info.messageId), /^[0-9a-f-]{36}$/);
  assert.ok(!Number.isNaN(Date.parse(String(info.messageDate))));
  assert.deepEqual((seen[0] as { requestData: unknown }).requestData, { data: { iin: '900101300123' } });
});

test('MB-13: an organisation is asked from GBDUL by BIN; a liquidated one is reported so', async () => {
  mode = 'normal';
  const o = await registry().findOrganisation('200140000018');
  assert.equal(o?.name, 'ТОО "ДЕМО"');
  assert.equal(o?.registrationNumber, '123-1900-ТОО');
  assert.equal(o?.status, 'liquidated');
});

test('MB-7: the gateway client maps the registered postal address of persons (GBD FL reference nodes) and organisations (legal address)', async () => {
  mode = 'normal';
  const p = await registry().findPerson('850314300456');
  assert.deepEqual(p?.postalAddress, { region: 'Карагандинская область', locality: 'Караганда', street: 'ул. Бухар жырау', house: '49', apartment: '12', postcode: '100012' }, 'the oblast, not the raion, is the region');
  const o = await registry().findOrganisation('200140000018');
  assert.deepEqual(o?.postalAddress, { region: 'г. Астана', locality: 'Астана', street: 'пр. Мәңгілік Ел', house: '8', apartment: '301', postcode: 'Z05H9E8' });
  assert.equal((await registry().findPerson('900101300123'))?.postalAddress, undefined, 'no address node: no address');
});

test('MB-13: an empty answer means not found', async () => {
  mode = 'normal';
  assert.equal(await registry().findPerson('000000000000'), null);
  assert.equal(await registry().findOrganisation('000000000000'), null);
});

for (const m of ['fault', 'http500', 'garbage', 'slow'] as const) {
  test(`MB-13: a gateway ${m} is REGISTRY_UNAVAILABLE (try later), never a refusal`, async () => {
    mode = m;
    await assert.rejects(registry().findPerson('900101300123'), (e) => isAppError(e) && e.code === 'REGISTRY_UNAVAILABLE');
  });
}

test('MB-13: wrong sender credentials are REGISTRY_UNAVAILABLE', async () => {
  mode = 'normal';
  const r = egovGatewayRegistry({ url, senderId: 'jashik', password: 'wrong' });
  await assert.rejects(r.findPerson('900101300123'), (e) => isAppError(e) && e.code === 'REGISTRY_UNAVAILABLE');
});

test('MB-13: production start-up without a configured gateway is refused, naming the variable', () => {
  const fromEnv = (demo: boolean, env: Record<string, string>) => stateRegistryFromConfig({ demo, dataDir: '/tmp', registry: parseRegistrySettings(env) });
  assert.throws(() => fromEnv(false, {}), (e) => e instanceof ConfigError && e.variable === 'JASHIK_EGOV_URL');
  assert.throws(() => fromEnv(false, { JASHIK_EGOV_URL: 'http://x/' }), (e) => e instanceof ConfigError && e.variable === 'JASHIK_EGOV_SENDER_ID');
  assert.throws(() => fromEnv(true, { JASHIK_EGOV_URL: 'http://x/', JASHIK_EGOV_SENDER_ID: 'a' }), (e) => e instanceof ConfigError && e.variable === 'JASHIK_EGOV_PASSWORD', 'a half-configured gateway is refused in demo mode too');
  assert.throws(() => fromEnv(false, { JASHIK_EGOV_URL: 'ftp://x/' }), (e) => e instanceof ConfigError && e.variable === 'JASHIK_EGOV_URL' && /an http\(s\) URL/.test(e.message));
  assert.equal(fromEnv(true, {}).kind, 'demo-file');
  assert.equal(fromEnv(false, { JASHIK_EGOV_URL: 'http://x/', JASHIK_EGOV_SENDER_ID: 'a', JASHIK_EGOV_PASSWORD: 'b' }).kind, 'egov-gateway');
});
