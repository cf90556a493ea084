import { describe, expect, it } from 'vitest';
import { alertName, classify, pagePhrase, serverOf } from '../../src/origin/classify.js';

describe('classify', () => {
  it("reads nginx's 400 with its certificate phrase as a refusal, naming the server", () => {
    const result = classify('none', {
      kind: 'http',
      status: 400,
      reason: 'Bad Request',
      server: 'nginx/1.22.1',
      phrase: 'No required SSL certificate was sent',
    });
    expect(result).toEqual({
      probe: 'none',
      verdict: 'refused',
      answer: 'HTTP 400 Bad Request "No required SSL certificate was sent" (Server: nginx/1.22.1)',
      server: 'nginx',
    });
  });

  it('reads a 400 for another reason, and any 2xx, 404 or 5xx, as the origin answering', () => {
    for (const status of [200, 204, 301, 404, 502]) {
      expect(classify('none', { kind: 'http', status, reason: '' }).verdict).toBe('accepted');
    }
    expect(
      classify('foreign', { kind: 'http', status: 400, reason: 'Bad Request', phrase: 'Bad Host header' })
        .verdict,
    ).toBe('accepted');
  });

  it('reads 403, 495, 496 and TLS alerts as refusals, and no connection as unreachable', () => {
    for (const status of [403, 495, 496]) {
      expect(classify('none', { kind: 'http', status, reason: '' }).verdict).toBe('refused');
    }
    expect(classify('leaf', { kind: 'tls-refused', alert: 'alert unknown ca (48)' })).toEqual({
      probe: 'leaf',
      verdict: 'refused',
      answer: 'TLS: alert unknown ca (48)',
    });
    expect(
      classify('none', { kind: 'unreachable', reason: 'no TCP connection (ECONNREFUSED)' }).verdict,
    ).toBe('unreachable');
  });
});

describe('alertName', () => {
  it("names the alert from Node's code or OpenSSL's message", () => {
    expect(
      alertName(
        'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
        'error:0A00045C:SSL routines::tlsv13 alert certificate required:…SSL alert number 116',
      ),
    ).toBe('alert certificate required (116)');
    expect(alertName('ERR_SSL_SSL/TLS_ALERT_BAD_CERTIFICATE', 'x')).toBe('alert bad certificate');
    expect(
      alertName(
        undefined,
        '4000:error:0A000412:SSL routines:ssl3_read_bytes:ssl/tls alert bad certificate:../ssl',
      ),
    ).toBe('alert bad certificate');
    expect(alertName('ECONNRESET', 'read ECONNRESET')).toBe('connection reset by the origin');
  });
});

describe('pagePhrase and serverOf', () => {
  it('quotes a known phrase, else the title, and never markup', () => {
    expect(
      pagePhrase(
        '<html><head><title>400 No required SSL certificate was sent</title></head><body><center>nginx/1.22.1</center></body></html>',
      ),
    ).toBe('No required SSL certificate was sent');
    expect(pagePhrase('<title>Welcome <script>alert(1)</script></title>')).toBeUndefined();
    expect(pagePhrase('<title>Forbidden & gone</title>')).toBe('Forbidden gone');
  });

  it('tells the server from its header or page', () => {
    expect(serverOf('Apache/2.4.71 (Debian)', undefined)).toBe('apache');
    expect(serverOf(undefined, '400 Bad Request / nginx/1.22.1')).toBe('nginx');
    expect(serverOf('Caddy', undefined)).toBe('caddy');
    expect(serverOf('cloudflare', undefined)).toBeUndefined();
  });
});
