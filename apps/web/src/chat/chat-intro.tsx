/** Three things to say that the assistant understands, offline or a model (typed as a person would). */
const EXAMPLES = ['add buy milk tomorrow', "what's due this week?", 'what can you do?'];

/** An empty chat: what the assistant does, and examples that send themselves when clicked. */
export function ChatIntro({ disabled, onSend }: { disabled: boolean; onSend: (content: string) => void }) {
  return (
    <div className="chat-intro">
      <p>The assistant keeps your task list. Ask in your own words to:</p>
      <ul>
        <li>add tasks, with a date, a time, a repeat, a priority, a #project or @labels</li>
        <li>say what is left, due today, this week or overdue</li>
        <li>complete, rename, reschedule or delete tasks, by name or by their number in a list</li>
        <li>undo its last change</li>
      </ul>
      <fieldset className="examples">
        <legend>Try:</legend>
        {EXAMPLES.map((example) => (
          <button key={example} type="button" disabled={disabled} onClick={() => onSend(example)}>
            {example}
          </button>
        ))}
      </fieldset>
    </div>
  );
}
