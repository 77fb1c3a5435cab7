/**
 * SARIF 2.1.0 report for code-scanning services. Paths are relative to
 * %SRCROOT% (the current directory); notices become tool execution
 * notifications so a file that could not be analysed is still visible.
 */
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { Severity } from '../../engine/types';
import type { Report, ReportFinding } from '../report';
import type { RuleMeta } from '../ruleMeta';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/pg-pool-guard/pg-pool-guard';
const SRCROOT = '%SRCROOT%';
const FINGERPRINT_KEY = 'pgPoolGuard/v1';

export interface SarifContext {
  cwd: string;
  version: string;
  rules: readonly RuleMeta[];
}

function level(severity: Severity): Sarif.ReportingConfiguration.level {
  return severity === 'info' ? 'note' : severity;
}

/** Encode a relative path as a URI reference (spaces, '#', '%' … escaped; slashes kept). */
function uriReference(relativePath: string): string {
  return relativePath.split('/').map(encodeURIComponent).join('/');
}

function artifact(relativePath: string): Sarif.ArtifactLocation {
  return { uri: uriReference(relativePath), uriBaseId: SRCROOT };
}

/**
 * Fingerprint from rule, file and message (not the line, so it survives
 * edits above the finding); repeats of the same triple get an ordinal.
 */
function fingerprints(findings: readonly ReportFinding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const hash = createHash('sha256').update(`${f.rule}\0${f.file}\0${f.message}`).digest('hex').slice(0, 32);
    const ordinal = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, ordinal);
    return `${hash}:${ordinal}`;
  });
}

function result(f: ReportFinding, ruleIndex: Map<string, number>, fingerprint: string): Sarif.Result {
  const out: Sarif.Result = {
    ruleId: f.rule,
    level: level(f.severity),
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifact(f.file),
          region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
        },
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint },
  };
  const index = ruleIndex.get(f.rule);
  if (index !== undefined) out.ruleIndex = index;
  if (f.related.length > 0) {
    out.relatedLocations = f.related.map((r, id) => ({
      id,
      message: { text: r.message },
      physicalLocation: { artifactLocation: artifact(r.file), region: { startLine: r.line, startColumn: r.column } },
    }));
  }
  return out;
}

export function buildSarif(report: Report, context: SarifContext): Sarif.Log {
  const ruleIndex = new Map(context.rules.map((r, i) => [r.id as string, i]));
  const prints = fingerprints(report.findings);
  const srcroot = pathToFileURL(context.cwd).href;
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'pg-pool-guard',
            version: context.version,
            informationUri: INFORMATION_URI,
            rules: context.rules.map((r) => ({
              id: r.id,
              shortDescription: { text: r.description },
              fullDescription: { text: r.description },
              helpUri: r.docsUrl,
              defaultConfiguration: { level: level(r.defaultSeverity) },
            })),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: srcroot.endsWith('/') ? srcroot : `${srcroot}/` } },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.notices.map((n) => ({
              level: 'warning',
              message: { text: n.message },
              locations: [{ physicalLocation: { artifactLocation: artifact(n.file) } }],
            })),
          },
        ],
        results: report.findings.map((f, i) => result(f, ruleIndex, prints[i])),
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
}

export function formatSarif(report: Report, context: SarifContext): string {
  return `${JSON.stringify(buildSarif(report, context), null, 2)}\n`;
}
