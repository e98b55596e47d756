import type { Suite } from '../suite.ts';
import { authorizerSuite } from './authorizer.ts';
import { devLoopSuite } from './dev-loop.ts';
import { gatewaySuite } from './gateway.ts';
import { peerSuite } from './peer.ts';
import { pipelineSuite } from './pipeline.ts';
import { poolSuite } from './pool.ts';

/** Every suite, in the order a full run takes them (the peer reuses the gateway suite's rounds; dev loop and pipeline share one scratch copy; the pipeline, longest, goes last). */
export const ALL_SUITES: readonly Suite[] = [gatewaySuite, peerSuite, poolSuite, authorizerSuite, devLoopSuite, pipelineSuite];
