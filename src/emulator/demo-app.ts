/**
 * The Demo org's connected app and demo user. The consumer key is public by design (RFC 8252
 * §8.5: native apps ship no secret); the password only protects a local, generated org.
 */
export const DEMO_CONSUMER_KEY = '3MVG9AtomDemoOrgConsumerKey.LocalEmulatorOnly_x7Kq2Zp8Ww4Rt6Yb1Nc3Md5Fg';
/** Optional secret: the demo app does not require it, but checks it when sent. */
export const DEMO_CONSUMER_SECRET = 'A7F3C9E1B5D2048AtomDemoSecret';
export const DEMO_USERNAME = 'demo@atom-demo.example';
export const DEMO_PASSWORD = 'AtomDemo#2026';
