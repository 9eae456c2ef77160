// Why a change is planned (terraform's ActionReason): a code that logic and tests rely on, the text users see, and for a
// replacement the file's fields that force it (terraform-plugin-framework's RequiresReplace paths).

/**
 * absent: not on the host; unwanted: the file no longer has it; down: `klee down`; changed: the file asks for something
 * else; drifted: the host was changed by hand; leaked: left over by a run or jail that is gone; needed: another change
 * needs it.
 */
export type ReasonCode = 'absent' | 'unwanted' | 'down' | 'changed' | 'drifted' | 'leaked' | 'needed';

/** One reason for one change. */
export interface Reason {
  code: ReasonCode;
  /** What the user reads in `klee plan` (`# subnet changed (10.0.0.0/24 → 10.0.1.0/24)`). */
  text: string;
  /** For a replacement because the file changed: the fields that force it (`subnet`, `networks.lan`); absent when unknown. */
  fields?: string[];
}

/** A reason from its parts. */
export const reason = (code: ReasonCode, text: string, fields?: string[]): Reason => (fields ? { code, text, fields } : { code, text });

/** The action's `reason` text: each reason's text, in order. */
export const reasonText = (reasons: readonly Reason[]): string => (reasons.length === 1 ? reasons[0].text : reasons.map((r) => r.text).join(', '));

/** The reason to create what the host lacks. */
export const NOT_ON_HOST = reason('absent', 'not on host');

/** The reason to remove what the file lacks. */
export const NOT_IN_FILE = reason('unwanted', 'not in file');

/** The reason of every removal of `klee down`. */
export const DOWN = reason('down', 'down');
