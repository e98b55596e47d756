import type { Suite } from '../suite.ts';
import { authorizerSuite } from './authorizer.ts';
import { devLoopSuite } from './dev-loop.ts';
import { gatewaySuite } from './gateway.ts';
import { peerSuite } from './peer.ts';
import { pipelineSuite } from './pipeline.ts';

/** Every suite, in the order a full run takes them (the peer reuses the gateway suite's rounds; pipeline and dev loop share one scratch copy). */
export const ALL_SUITES: readonly Suite[] = [gatewaySuite, peerSuite, authorizerSuite, pipelineSuite, devLoopSuite];
