/**
 * How a file of export lines is imported: the calls it takes and the file's line each request line
 * came from. `tasks.import` takes the header, projects, labels and tasks; `conversations.import`
 * one conversation and its messages (a header may lead). The server checks every line; this only
 * sorts them, so a line it cannot read goes with the lines around it and the server names it.
 */

export interface ImportCall {
  procedure: 'tasks' | 'conversation';
  ndjson: string;
  /** Where each line of `ndjson` stands in the file: its line `n` is the file's `fileLines[n - 1]`. */
  fileLines: number[];
  /** The file's line the call is about: its first after the header (the conversation line, say). */
  about: number;
}

/**
 * Text per `tasks.import` call, shared lines included: well under the server's default request
 * body limit (1 MiB) once the request's JSON has escaped the quotes. A larger planning part goes in
 * several calls, parents before their subtasks (the server files a subtask under a parent an
 * earlier call stored).
 */
const TASK_PART_CHARS = 400_000;

interface Line {
  number: number;
  text: string;
  type: unknown;
  id?: unknown;
  parentId?: unknown;
}

function readLine(text: string, number: number): Line {
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object') {
      const { type, id, parentId } = value as Record<string, unknown>;
      return { number, text, type, id, parentId };
    }
  } catch {
    // Not JSON: the server says so, naming the line.
  }
  return { number, text, type: null };
}

function call(procedure: ImportCall['procedure'], lines: Line[]): ImportCall {
  const fileLines = lines.map((line) => line.number);
  const about = lines.find((line) => line.type !== 'header') ?? lines[0];
  return { procedure, ndjson: lines.map((line) => line.text).join('\n'), fileLines, about: about?.number ?? 1 };
}

/** How deep each task sits under others of the file (0: no parent in the file; a cycle stops the count). */
function depths(tasks: Line[]): Map<Line, number> {
  const byId = new Map(tasks.map((task) => [task.id, task]));
  const depth = new Map<Line, number>();
  for (const task of tasks) {
    const seen = new Set<Line>();
    for (let parent = byId.get(task.parentId); parent && !seen.has(parent); parent = byId.get(parent.parentId)) {
      seen.add(parent);
    }
    depth.set(task, seen.size);
  }
  return depth;
}

/** The planning lines in calls of at most TASK_PART_CHARS, each with the header, projects and labels. */
function taskCalls(shared: Line[], tasks: Line[]): ImportCall[] {
  const sharedChars = shared.reduce((sum, line) => sum + line.text.length + 1, 0);
  if (sharedChars + tasks.reduce((sum, line) => sum + line.text.length + 1, 0) <= TASK_PART_CHARS) {
    return [
      call(
        'tasks',
        [...shared, ...tasks].sort((a, b) => a.number - b.number),
      ),
    ];
  }
  const depth = depths(tasks);
  const ordered = tasks.toSorted((a, b) => (depth.get(a) ?? 0) - (depth.get(b) ?? 0));
  const calls: ImportCall[] = [];
  let part: Line[] = [];
  let chars = sharedChars;
  for (const task of ordered) {
    if (part.length > 0 && chars + task.text.length + 1 > TASK_PART_CHARS) {
      calls.push(call('tasks', [...shared, ...part]));
      part = [];
      chars = sharedChars;
    }
    part.push(task);
    chars += task.text.length + 1;
  }
  calls.push(call('tasks', [...shared, ...part]));
  return calls;
}

/**
 * The calls that import `text`: the planning part first (when there are projects, labels or tasks),
 * then one call per conversation, in the file's order. Blank lines are left out (the server skips
 * them too).
 */
export function planImport(text: string): ImportCall[] {
  const lines = text
    .split('\n')
    .map((line, index) => readLine(line, index + 1))
    .filter((line) => line.text.trim() !== '');
  const headers: Line[] = [];
  const shared: Line[] = [];
  const tasks: Line[] = [];
  const conversations: Line[][] = [];
  for (const line of lines) {
    const conversation = conversations.at(-1);
    if (line.type === 'header') headers.push(line);
    else if (line.type === 'project' || line.type === 'label') shared.push(line);
    else if (line.type === 'task') tasks.push(line);
    else if (line.type === 'conversation') conversations.push([line]);
    // A message, or a line of no known type: it stays with the lines it stands among.
    else if (conversation) conversation.push(line);
    else tasks.push(line);
  }
  const [header] = headers;
  const planning =
    shared.length + tasks.length > 0
      ? taskCalls(
          [...headers, ...shared].sort((a, b) => a.number - b.number),
          tasks,
        )
      : [];
  return [...planning, ...conversations.map((group) => call('conversation', header ? [header, ...group] : group))];
}

/** The server's message with the request's line number turned into the file's ("Line 3: …" → "Line 7: …"). */
export function withFileLine(message: string, imported: ImportCall): string {
  return message.replace(/^Line (\d+):/, (text, line: string) => {
    const fileLine = imported.fileLines[Number(line) - 1];
    return fileLine === undefined ? text : `Line ${fileLine}:`;
  });
}
