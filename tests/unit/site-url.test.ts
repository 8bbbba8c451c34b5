import { describe, expect, it } from 'vitest';
import { siteUrlProblem } from '../../serve/site-url.mjs';

describe('SITE_URL at start', () => {
  it('test_a_local_server_on_another_port_than_site_url_is_warned_about', () => {
    const problem = siteUrlProblem({ siteUrl: undefined, host: '127.0.0.1', port: 5402, production: false });
    expect(problem?.fatal).toBe(false);
    expect(problem?.message).toContain('port 5402');
    expect(siteUrlProblem({ siteUrl: 'http://localhost:5402', host: '127.0.0.1', port: 5402, production: false })).toBeUndefined();
    expect(siteUrlProblem({ siteUrl: undefined, host: '127.0.0.1', port: 4321, production: false })).toBeUndefined();
  });

  it('test_production_refuses_to_start_without_site_url', () => {
    expect(siteUrlProblem({ siteUrl: undefined, host: '0.0.0.0', port: 8080, production: true })?.fatal).toBe(true);
    // Behind a proxy the public address differs from the listening one: that is fine.
    expect(siteUrlProblem({ siteUrl: 'https://forum.example.org', host: '0.0.0.0', port: 8080, production: true })).toBeUndefined();
  });

  it('test_an_unparseable_site_url_stops_the_start', () => {
    expect(siteUrlProblem({ siteUrl: 'forum.example.org', host: '127.0.0.1', port: 4321, production: false })?.fatal).toBe(true);
  });
});
