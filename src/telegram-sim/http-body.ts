/**
 * Reads a Bot API request's parameters the liberal way the Bot API does: query string, JSON body,
 * application/x-www-form-urlencoded or multipart/form-data (what grammY sends with files).
 */
import type { IncomingMessage } from "node:http";

/** A file part of a multipart body; the simulator keeps its size, not its bytes. */
export interface UploadedFile {
  filename: string;
  contentType: string;
  size: number;
}

/** Thrown for a body the Bot API couldn't read either. */
export class BodyError extends Error {}

/** Reads all parameters of a request: query string first, body fields over them. */
export async function readParameters(
  request: IncomingMessage,
  url: URL,
): Promise<Record<string, unknown>> {
  const parameters: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const body = await readBody(request);
  if (body.length === 0) return parameters;

  const contentType = request.headers["content-type"] ?? "";
  const mediaType = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (mediaType === "application/json") {
    let decoded: unknown;
    try {
      decoded = JSON.parse(body.toString("utf8"));
    } catch {
      throw new BodyError("Bad Request: can't parse JSON body");
    }
    if (typeof decoded !== "object" || decoded === null || Array.isArray(decoded)) {
      throw new BodyError("Bad Request: JSON body must be an object");
    }
    return { ...parameters, ...(decoded as Record<string, unknown>) };
  }
  if (mediaType === "multipart/form-data") {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
    const value = boundary?.[1] ?? boundary?.[2];
    if (!value) throw new BodyError("Bad Request: multipart boundary not found");
    return { ...parameters, ...parseMultipart(body, value.trim()) };
  }
  // Form-encoded, or no content type at all: read it as a query string, as the Bot API does.
  return { ...parameters, ...Object.fromEntries(new URLSearchParams(body.toString("utf8"))) };
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Splits a multipart body into fields (strings) and files ({@link UploadedFile}). Liberal about
 * header spelling, since grammY writes `content-disposition:form-data;name="x"` without spaces.
 */
export function parseMultipart(body: Buffer, boundary: string): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let position = body.indexOf(delimiter);
  while (position !== -1) {
    const partStart = position + delimiter.length;
    if (body.subarray(partStart, partStart + 2).toString() === "--") break; // closing delimiter
    const next = body.indexOf(delimiter, partStart);
    if (next === -1) break;
    // A part is "\r\n" headers "\r\n\r\n" content "\r\n" before the next delimiter.
    const part = body.subarray(partStart, next);
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString("utf8");
      let content = part.subarray(headerEnd + 4);
      if (content.subarray(-2).toString() === "\r\n") content = content.subarray(0, -2);
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      const filename = /filename=(?:"([^"]*)"|([^;\r\n]*))/i.exec(headers);
      if (name !== undefined) {
        result[name] = filename
          ? ({
              filename: (filename[1] ?? filename[2] ?? "").trim(),
              contentType:
                /content-type:\s*([^\r\n;]+)/i.exec(headers)?.[1]?.trim() ??
                "application/octet-stream",
              size: content.length,
            } satisfies UploadedFile)
          : content.toString("utf8");
      }
    }
    position = next;
  }
  return result;
}
