import type { Suite } from '../suite.ts';
import { gatewaySuite } from './gateway.ts';
import { peerSuite } from './peer.ts';

/** Every suite, in the order a full run takes them (the peer reuses the gateway suite's rounds). */
export const ALL_SUITES: readonly Suite[] = [gatewaySuite, peerSuite];
