// jsforce sends every request, loopback included, through HTTP(S)_PROXY and has no NO_PROXY
// support; the emulator lives on 127.0.0.1, so tests must never see a proxy.
for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'ALL_PROXY', 'all_proxy']) {
  delete process.env[name];
}
