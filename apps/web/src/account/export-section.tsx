import { useMutation } from '@tanstack/react-query';
import { downloadFile } from '../files/download-file.ts';

/** Everything of the account's as one NDJSON file (`GET /export`), downloaded with this session. */
export function ExportSection() {
  const download = useMutation({ mutationFn: () => downloadFile('/export', 'taskchat-export.ndjson') });
  return (
    <>
      <p>
        Your projects, labels, tasks, conversations and messages (not the trash), as one file you can keep or import
        into another account.
      </p>
      <div className="form-actions">
        <button type="button" className="primary" disabled={download.isPending} onClick={() => download.mutate()}>
          {download.isPending ? 'Preparing…' : 'Download all my data'}
        </button>
      </div>
      {download.error && (
        <p className="form-error" role="alert">
          {download.error.message}
        </p>
      )}
    </>
  );
}
