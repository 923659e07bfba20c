// What a front end does with the client generated from the gateway's merged OpenAPI document
// (openapi-typescript types + openapi-fetch). `make client-check` compiles this file with
// `tsc --strict --noEmit`: a change to the API that breaks these calls, or leaves a field untyped, fails it.
// 前端使用生成的客户端：登录、按条件查项目、读一项目一档案（亮灯与问题）、带幂等键报送月报、按 code 处理错误。

import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "../generated/schema";

type Schemas = components["schemas"];

/** The fields of an RFC 9457 problem this program reads. Structural, so that the per-operation problem types
 * (whose `code` may be a union of string literals) and the shared `Problem` schema all fit it. */
export interface ProblemBody {
  status: number;
  code: string;
  message: string;
  errors?: { field: string; message: string }[] | null;
}

// ---------------------------------------------------------------- type checks (fail the compile, not a run)

type IsAny<T> = 0 extends 1 & T ? true : false;
type IsUnknown<T> = unknown extends T ? (IsAny<T> extends true ? false : true) : false;
/** `checked(x, true)` compiles only when x has a real type: neither `any` nor `unknown`. */
type RealType<T> = IsAny<T> extends true ? never : IsUnknown<T> extends true ? never : true;
function checked<T>(value: T, proof: RealType<T>): T {
  void proof;
  return value;
}

// ---------------------------------------------------------------- the client

export const REGION = "410328"; // 洛宁县

export function connect(baseUrl: string) {
  return createClient<paths>({ baseUrl });
}
export type Client = ReturnType<typeof connect>;

/** Every later call carries the access token. */
function bearer(token: string): Middleware {
  return {
    onRequest({ request }) {
      request.headers.set("Authorization", `Bearer ${token}`);
      return request;
    },
  };
}

// ---------------------------------------------------------------- problems, handled by their code

/** What the user sees for a problem: a few codes get their own handling, every other one shows the server's
 * zh-CN `message`. The code is read as a string first, so this compiles whether the document gives `code` as
 * a plain string or as the union of the codes an operation can answer. */
export function handleProblem(problem: ProblemBody): string {
  const code: string = problem.code;
  switch (code) {
    case "unauthorized":
      return "登录已过期，请重新登录。";
    case "idempotency_in_progress":
      return "上一次提交仍在处理中，请稍后再试。";
    case "validation_failed":
      return (problem.errors ?? []).map((e) => `${e.field}: ${e.message}`).join("\n") || problem.message;
    case "upstream_unavailable":
    case "upstream_failed":
      return `服务暂不可用：${problem.message}`;
    default:
      return problem.message;
  }
}

export class ProblemError extends Error {
  constructor(readonly problem: ProblemBody) {
    super(`${problem.status} ${problem.code}: ${problem.message}`);
  }
}

// ---------------------------------------------------------------- log in (form-encoded, OAuth2 password)

export async function logIn(client: Client, username: string, password: string): Promise<Schemas["TokenPair"]> {
  const { data, error } = await client.POST("/api/v1/auth/token", {
    body: { username, password },
    bodySerializer: (body) => new URLSearchParams({ username: body.username, password: body.password }),
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  });
  if (error) throw new ProblemError(checked(error, true));
  const token: string = data.access_token;
  const roles: string[] = data.user.roles;
  client.use(bearer(token));
  console.log(`logged in as ${data.user.username} (${roles.join(", ")}), for ${data.expires_in} s`);
  return data;
}

// ---------------------------------------------------------------- list projects with filters, page by page

export async function projectsWithRedLights(client: Client, year: number): Promise<Schemas["ProjectSummary"][]> {
  const out: Schemas["ProjectSummary"][] = [];
  let cursor: string | null = null;
  do {
    const { data, error }: Awaited<ReturnType<typeof listPage>> = await listPage(client, year, cursor);
    if (error) throw new ProblemError(checked(error, true));
    out.push(...checked(data.items, true));
    cursor = data.next_cursor;
  } while (cursor !== null);
  const stage: Schemas["Stage"] | undefined = out[0]?.stage;
  console.log(`${out.length} projects under construction with a red light in ${year}; first stage: ${stage}`);
  return out;
}

function listPage(client: Client, year: number, cursor: string | null) {
  return client.GET("/api/v1/projects", {
    params: {
      query: { region_code: REGION, year, stage: "under_construction", light: "red", limit: 50, cursor },
    },
  });
}

// ---------------------------------------------------------------- a project's dossier: its lights and problems

type Colour = "green" | "yellow" | "red";
type Kind = "start" | "progress" | "procedure";

export async function dossierSummary(client: Client, projectId: string): Promise<string[]> {
  const { data, error } = await client.GET("/api/v1/dossiers/{project_id}", {
    params: { path: { project_id: projectId } },
  });
  if (error) throw new ProblemError(checked(error, true));
  const lines: string[] = [];
  if (!data.complete) {
    lines.push(`未能读取：${data.missing.map((m) => `${m.part}（${m.service}）`).join("、")}`);
  }
  for (const light of checked(data.lights ?? [], true)) {
    const kind: Kind = light.kind;
    const colour: Colour = light.colour;
    const reason: string = light.reason;
    if (colour !== "green") lines.push(`${kind}: ${colour} — ${reason}`);
  }
  for (const open of checked(data.problems ?? [], true)) {
    const p = checked(open.problem, true);
    const level: Schemas["ProblemLevel"] = p.level;
    const steps: string[] = (open.timeline ?? []).map((event) => event.action);
    lines.push(`${p.project_name} ${p.category} @ ${level}: ${steps.join(" → ")}`);
  }
  return lines;
}

// ---------------------------------------------------------------- submit a monthly report, safely retried

/** One key per report the user submits: a retry after a lost answer sends the same key, and the server answers
 * the first result again instead of submitting twice. */
export async function submitMonthlyReport(
  client: Client,
  projectId: string,
  period: string,
  idempotencyKey: string = crypto.randomUUID(),
): Promise<Schemas["ReportOut"] | string> {
  const body: Schemas["ReportCreate"] = {
    period,
    submit: true,
    investment_completed: "800.00",
    funds_in_place: "600.00",
    physical_progress: "路基工程完成60%，桥梁下部结构施工中",
    physical_percent: "60.00",
  };
  const { data, error, response } = await client.POST("/api/v1/projects/{project_id}/progress-reports", {
    params: { path: { project_id: projectId }, header: { "Idempotency-Key": idempotencyKey } },
    body,
  });
  if (error) {
    checked(error, true);
    if (response.status === 409 && response.headers.get("Retry-After") !== null) {
      return `稍后重试（${response.headers.get("Retry-After")} 秒）：${handleProblem(error)}`;
    }
    return handleProblem(error);
  }
  const status = checked(data.status, true);
  console.log(`report ${data.id} for ${data.period}: ${status}`);
  return data;
}

// ---------------------------------------------------------------- the whole visit

export async function visit(baseUrl: string, password: string): Promise<void> {
  const client = connect(baseUrl);
  await logIn(client, "ln.office", password);
  const projects = await projectsWithRedLights(client, 2026);
  const first = projects[0];
  if (first === undefined) return;
  for (const line of await dossierSummary(client, first.id)) console.log(line);
  const result = await submitMonthlyReport(client, first.id, "2026-05");
  if (typeof result === "string") console.warn(result);
}
