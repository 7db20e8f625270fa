/** The one task queue the governance worker polls; client and worker both read it from here. */
export const TASK_QUEUE = process.env.GOVERN_TASK_QUEUE ?? 'insight-governance';
