import { describe, expect, it } from 'vitest';
import { clientAddress, parseTrustedProxies } from '../../src/lib/client-address.ts';

describe('trusted proxies', () => {
  it('test_no_trusted_proxies_uses_the_socket_address_whatever_x_forwarded_for_says', () => {
    const none = parseTrustedProxies(undefined);
    expect(clientAddress('203.0.113.7', null, none)).toBe('203.0.113.7');
    expect(clientAddress('127.0.0.1', '198.51.100.1', none)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', '198.51.100.1', parseTrustedProxies(''))).toBe('127.0.0.1');
  });

  it('test_a_trusted_proxy_gives_the_right_most_untrusted_hop', () => {
    const trusted = parseTrustedProxies('127.0.0.1, 10.0.0.0/8');
    // client → proxy (10.1.2.3) → proxy (127.0.0.1) → app
    expect(clientAddress('127.0.0.1', '198.51.100.9, 10.1.2.3', trusted)).toBe('198.51.100.9');
    expect(clientAddress('127.0.0.1', '198.51.100.9', trusted)).toBe('198.51.100.9');
    // Several X-Forwarded-For headers arrive joined with ", ".
    expect(clientAddress('::ffff:127.0.0.1', '203.0.113.5, 198.51.100.9', trusted)).toBe('198.51.100.9');
  });

  it('test_a_spoofed_x_forwarded_for_is_ignored', () => {
    const trusted = parseTrustedProxies('127.0.0.1');
    // Straight to the app, not through the proxy: the header is the sender's own words.
    expect(clientAddress('203.0.113.66', '198.51.100.1', trusted)).toBe('203.0.113.66');
    // Through the proxy, with a forged entry in front: the proxy's own entry (right-most) counts.
    expect(clientAddress('127.0.0.1', '1.1.1.1, 2.2.2.2, 203.0.113.66', trusted)).toBe('203.0.113.66');
    // A forged trusted address in front does not let the sender pick the entry further left.
    expect(clientAddress('127.0.0.1', '9.9.9.9, 127.0.0.1, 203.0.113.66', trusted)).toBe('203.0.113.66');
    // Garbage from the sender stays the sender's bucket of one, never someone else's address.
    expect(clientAddress('127.0.0.1', 'not-an-address', trusted)).toBe('127.0.0.1');
  });

  it('test_a_hop_count_trusts_that_many_proxies_from_the_right', () => {
    const one = parseTrustedProxies('1');
    expect(clientAddress('10.0.0.2', '1.1.1.1, 203.0.113.5', one)).toBe('203.0.113.5');
    expect(clientAddress('10.0.0.2', undefined, one)).toBe('10.0.0.2');
    const two = parseTrustedProxies('2');
    expect(clientAddress('10.0.0.2', '1.1.1.1, 203.0.113.5, 10.0.0.9', two)).toBe('203.0.113.5');
  });

  it('test_ipv6_ranges_and_mapped_addresses_match', () => {
    const trusted = parseTrustedProxies('::1, fd00::/8, 192.168.0.0/16');
    expect(clientAddress('::1', '2001:db8::5', trusted)).toBe('2001:db8::5');
    expect(clientAddress('fd12::3', '2001:db8::5', trusted)).toBe('2001:db8::5');
    expect(clientAddress('::ffff:192.168.4.4', '198.51.100.2', trusted)).toBe('198.51.100.2');
  });

  it('test_a_malformed_setting_is_refused_with_the_entry_named', () => {
    expect(() => parseTrustedProxies('127.0.0.1, nginx')).toThrow(/nginx/);
    expect(() => parseTrustedProxies('10.0.0.0/33')).toThrow(/10\.0\.0\.0\/33/);
    expect(() => parseTrustedProxies('0')).toThrow(/TRUSTED_PROXIES/);
  });
});
