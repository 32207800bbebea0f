// How the tests and the benchmark start Debian's Chromium: headless, and with nothing that
// reaches for the network (this machine's network is closed).
module.exports = {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
