/**
 * Findings → annotations. GitHub shows at most 10 annotations of a kind per step, so past 10 the
 * first 9 are shown and a 10th counts the rest, which the job summary lists.
 */
import type { Finding, Severity } from '../findings.js';

const ANNOTATIONS_PER_KIND = 10;

export interface Annotation {
  level: Severity;
  title: string;
  message: string;
  file?: string;
  line?: number;
}

/** On the line where the fix is written (a cert.v3.ext line), else where the problem is. */
function toAnnotation(finding: Finding): Annotation {
  const subject = finding.certificate ? `${finding.zone}/${finding.certificate}: ` : '';
  const elsewhere = finding.fixAt && finding.file ? ` (in ${finding.file})` : '';
  return {
    level: finding.severity,
    title: `aop-certs ${finding.rule}`,
    message: `${subject}${finding.message}${elsewhere}${finding.fix ? ` Fix: ${finding.fix}` : ''}`,
    file: finding.fixAt?.file ?? finding.file,
    line: finding.fixAt?.line ?? finding.line,
  };
}

export function annotationsFor(findings: Finding[]): Annotation[] {
  const annotations: Annotation[] = [];
  for (const level of ['error', 'warning', 'notice'] as const) {
    const ofKind = findings.filter((finding) => finding.severity === level && !finding.suppressed);
    if (ofKind.length <= ANNOTATIONS_PER_KIND) {
      annotations.push(...ofKind.map(toAnnotation));
      continue;
    }
    const shown = ofKind.slice(0, ANNOTATIONS_PER_KIND - 1);
    annotations.push(...shown.map(toAnnotation), {
      level,
      title: `aop-certs: ${ofKind.length - shown.length} more`,
      message: `${ofKind.length - shown.length} more ${level} findings are not annotated here (GitHub shows ${ANNOTATIONS_PER_KIND} per kind); the job summary lists them all.`,
    });
  }
  return annotations;
}
