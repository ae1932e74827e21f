// Friendly names for the generated wire types (see scripts/generate-contract-types.mjs and docs/spa.md).
import type {
  TaskEnvelopeContract, OutputContractContract, FlexEventContract, FlexPlanContract, CompletePayloadContract,
  ValidationErrorPayloadContract, NodeRetryPayloadContract, NodeErrorPayloadContract, HitlRequestContract,
  HitlResolvedPayloadContract, HumanTaskContract, RunResumeRequestContract, RunDetailContract, PlanRejectedPayloadContract,
} from './generated';

export type TaskEnvelope = TaskEnvelopeContract.TaskEnvelope;
export type OutputContract = OutputContractContract.OutputContract;
export type FlexEvent = FlexEventContract.FlexEvent;
export type FlexPlan = FlexPlanContract.FlexPlan;
export type PlanNode = FlexPlan['nodes'][number];
export type CompletePayload = CompletePayloadContract.CompletePayload;
export type PendingWork = NonNullable<CompletePayload['pending']>[number];
export type RunStatus = CompletePayload['status'];
export type ValidationErrorPayload = ValidationErrorPayloadContract.ValidationErrorPayload;
export type ValidationIssue = ValidationErrorPayload['errors'][number];
export type NodeRetryPayload = NodeRetryPayloadContract.NodeRetryPayload;
export type NodeErrorPayload = NodeErrorPayloadContract.NodeErrorPayload;
export type PlanRejectedPayload = PlanRejectedPayloadContract.PlanRejectedPayload;
export type HitlRequest = HitlRequestContract.HitlRequest;
export type HitlResolvedPayload = HitlResolvedPayloadContract.HitlResolvedPayload;
export type HumanTask = HumanTaskContract.HumanTask;
export type RunResumeRequest = RunResumeRequestContract.RunResumeRequest;
export type RunDetail = RunDetailContract.RunDetail;
