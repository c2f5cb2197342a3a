import type { FastifyReply } from 'fastify';
import type { ApiError } from './api-error.js';

/** Replies as the real server's handlers do; every route goes through these. */
export interface Responder {
  json(reply: FastifyReply, status: number, value: unknown): FastifyReply;
  error(reply: FastifyReply, err: ApiError): FastifyReply;
  /** Runs a handler alone (see SerialQueue), turning thrown API errors into error replies. */
  handle(reply: FastifyReply, task: () => Promise<FastifyReply> | FastifyReply): Promise<FastifyReply>;
}
