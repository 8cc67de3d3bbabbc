import {
  type Announcements,
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import {
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { type RowContext, TaskRow } from './task-row.tsx';
import type { TaskNode } from './task-tree.ts';

interface ListProps {
  nodes: TaskNode[];
  context: RowContext;
  highlighted: string | null;
  label: string;
}

function SortableRow({
  node,
  context,
  highlighted,
  previousId,
  nextId,
}: {
  node: TaskNode;
  context: RowContext;
  highlighted: string | null;
  previousId: string | null;
  nextId: string | null;
}) {
  const sortable = useSortable({ id: node.task.id });
  return (
    <TaskRow
      node={node}
      context={context}
      highlighted={highlighted}
      previousId={previousId}
      nextId={nextId}
      depth={0}
      sortable={{
        setNodeRef: sortable.setNodeRef,
        style: { transform: CSS.Translate.toString(sortable.transform), transition: sortable.transition },
        handle: { ...sortable.attributes, ...sortable.listeners },
        dragging: sortable.isDragging,
      }}
    />
  );
}

/** Tasks in manual order: drag the handle, or focus it and use Space and the arrow keys, or the menu's Move up/down. */
export function SortableTaskList({ nodes, context, highlighted, label }: ListProps) {
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const ids = nodes.map((node) => node.task.id);
  const title = (id: string | number) => nodes.find((node) => node.task.id === id)?.task.title ?? 'the task';
  const position = (id: string | number | undefined) => `${ids.indexOf(String(id)) + 1} of ${ids.length}`;
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${title(active.id)}, position ${position(active.id)}.`,
    onDragOver: ({ active, over }) => (over ? `${title(active.id)} is over position ${position(over.id)}.` : undefined),
    onDragEnd: ({ active, over }) =>
      over ? `Dropped ${title(active.id)} at position ${position(over.id)}.` : `Dropped ${title(active.id)}.`,
    onDragCancel: ({ active }) => `Cancelled: ${title(active.id)} stays at position ${position(active.id)}.`,
  };

  function dragEnd({ active, over }: DragEndEvent) {
    if (!over || active.id === over.id) return;
    const from = ids.indexOf(String(active.id));
    const to = ids.indexOf(String(over.id));
    context.move(String(active.id), to < from ? { before: String(over.id) } : { after: String(over.id) });
  }

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCenter}
      onDragEnd={dragEnd}
      accessibility={{
        announcements,
        screenReaderInstructions: {
          draggable:
            'To reorder, press Space or Enter on the handle, use the up and down arrow keys to move, Space or Enter to drop, Escape to cancel.',
        },
      }}
    >
      <SortableContext items={ids} strategy={verticalListSortingStrategy}>
        <ul className="task-list" aria-label={label}>
          {nodes.map((node, index) => (
            <SortableRow
              key={node.task.id}
              node={node}
              context={context}
              highlighted={highlighted}
              previousId={nodes[index - 1]?.task.id ?? null}
              nextId={nodes[index + 1]?.task.id ?? null}
            />
          ))}
        </ul>
      </SortableContext>
    </DndContext>
  );
}

/** Tasks in the server's order (by due date, latest done first). */
export function PlainTaskList({ nodes, context, highlighted, label }: ListProps) {
  return (
    <ul className="task-list" aria-label={label}>
      {nodes.map((node, index) => (
        <TaskRow
          key={node.task.id}
          node={node}
          context={context}
          highlighted={highlighted}
          previousId={nodes[index - 1]?.task.id ?? null}
          nextId={nodes[index + 1]?.task.id ?? null}
          depth={0}
        />
      ))}
    </ul>
  );
}
