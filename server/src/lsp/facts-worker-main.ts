/**
 * The worker side of facts-worker.ts: parse and extract facts for each text
 * it is sent, with the engine exactly as the main thread's Workspace would
 * (a file the extractor throws on contributes only a notice). Jobs are
 * answered one at a time, in order; a large result goes in parts, each sent
 * after the main thread acknowledged the one before.
 */
import { parentPort } from 'node:worker_threads';
import { IncrementalAnalyzer, type OnInertEdit } from '../engine/analyze';
import { movedByInertEdit } from '../engine/inert-edit';
import { summarize } from '../engine/selection/summary';
import { positionMap } from '../engine/rules/remap';
import { keepRecent } from '../engine/recent-map';
import { unanalysedFacts } from '../engine/workspace';
import type { FileFacts } from '../engine/types';
import { KEPT_FACTS, keepsFacts, PART_ITEMS, type WorkerRequest, type WorkerResponse } from './facts-worker';

type Job = Extract<WorkerRequest, { id: number }>;

export function runFactsWorker(): void {
  const port = parentPort!;
  const jobs: Job[] = [];
  /** The facts last sent for each kept path, with their job (the main thread's MovedAhead base). */
  const sentFacts = new Map<string, { id: number; facts: FileFacts; options: string | undefined }>();
  let acknowledged: (() => void) | undefined;
  let running = false;
  const send = (response: WorkerResponse) => port.postMessage(response);
  const analyzer = new IncrementalAnalyzer();
  const ack = () =>
    new Promise<void>((resolve) => {
      acknowledged = resolve;
    });

  const answer = async (job: Job) => {
    const base = sentFacts.get(job.path);
    // Only a kept path's options are compared, so only those are serialised (not each file of a scan).
    const options = keepsFacts(job) ? JSON.stringify(job.options) : undefined;
    const movable = base && base.id === job.movedFrom ? base.facts : undefined;
    // The facts follow once the main thread has published from the map: receiving them first would hold that up.
    let acked: Promise<void> | undefined;
    // An edit that only moves the facts (inert-edit.ts): the map goes out before the walk.
    // Only under the options the old facts were made with (a setting can change what the same text yields).
    const onInertEdit: OnInertEdit | undefined = movable && options !== undefined && base!.options === options ? (edit, sourceFile) => {
      const ahead = movedByInertEdit(movable, edit, sourceFile);
      if (!ahead) return;
      acked = ack();
      send({ id: job.id, moved: ahead.moved, movedFacts: ahead.facts });
    } : undefined;
    let facts: FileFacts;
    try {
      facts = analyzer.analyze(job.path, job.text, job.options, job.keepTree === true, onInertEdit);
      if (facts.file !== job.path) facts = { ...facts, file: job.path };
    } catch (error) {
      facts = unanalysedFacts(job.path, `pg-pool-guard could not analyse this file: ${error instanceof Error ? error.message : String(error)}`);
    }
    // Only moved: the main thread can publish the moved findings before these facts reach it.
    const moved = movable && !acked ? positionMap(movable, facts) : undefined;
    if (moved) {
      acked = ack();
      send({ id: job.id, moved, movedFacts: { lines: facts.lines, suppressions: facts.suppressions } });
    }
    if (acked) await acked;
    keepRecent(sentFacts, job.path, keepsFacts(job) ? { id: job.id, facts, options } : undefined, KEPT_FACTS);
    const summary = job.summarize ? summarize(job.path, job.text) : undefined;
    let sent = 0;
    const longest = Math.max(facts.nodes.length, facts.edges.length, facts.calls.length);
    while (longest - sent > PART_ITEMS) {
      const part = { nodes: facts.nodes.slice(sent, sent + PART_ITEMS), edges: facts.edges.slice(sent, sent + PART_ITEMS), calls: facts.calls.slice(sent, sent + PART_ITEMS) };
      sent += PART_ITEMS;
      const acked = ack();
      send({ id: job.id, partJson: JSON.stringify(part) });
      await acked;
    }
    const rest = sent === 0 ? facts : { ...facts, nodes: facts.nodes.slice(sent), edges: facts.edges.slice(sent), calls: facts.calls.slice(sent) };
    send({ id: job.id, factsJson: JSON.stringify(rest), summary });
  };

  const drain = async () => {
    if (running) return;
    running = true;
    while (jobs.length > 0) await answer(jobs.shift()!);
    running = false;
  };

  port.on('message', (request: WorkerRequest) => {
    if ('ack' in request) {
      const resolve = acknowledged;
      acknowledged = undefined;
      resolve?.();
      return;
    }
    jobs.push(request);
    void drain();
  });
  send({ ready: true });
}
