// Runs precompress() (serve/precompress.mjs) on a worker thread, so that the build goes on
// meanwhile; the options come as workerData, the counts go back as the one message.
import { parentPort, workerData } from 'node:worker_threads';
import { precompress } from './precompress.mjs';

parentPort.postMessage(await precompress(workerData));
