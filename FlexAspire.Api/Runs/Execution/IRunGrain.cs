using FlexAspire.Api.Hitl;
using FlexAspire.Api.Runs.Streaming;

namespace FlexAspire.Api.Runs.Execution;

/// A run, wherever it is in the cluster: Orleans keeps one activation per run id, so this grain is the run's only
/// executor, and every command that changes a run (start, cancel, answers, task submissions, declines, timeouts)
/// reaches that activation from any API replica. A reminder keeps a run that has work to do alive: when its replica
/// dies, the reminder activates it on a survivor, which continues from the journal (docs/runs.md).
public interface IRunGrain : IGrainWithGuidKey
{
    /// Starts executing the run if it has work to do (pending or running) and is not executing yet. `reservedOn` names
    /// the silo whose backlog slot the intake took; true when this activation took that slot over.
    Task<bool> StartAsync(string? reservedOn);

    /// Stops the run: an executing run is cancelled through its token (its executor records `cancelled`); a queued
    /// or paused run is marked cancelled at once. Returns the status the caller reports.
    Task<RunStatus> CancelAsync();

    /// `run.resume`: answers a HITL request or submits/declines a human task, then continues the run.
    Task<ResumeOutcome> ResumeAsync(RunResumeRequest request);

    /// `POST tasks/{id}/decline`.
    Task<ResumeOutcome> DeclineAsync(Guid taskId, DeclineTaskRequest decline, string? by);

    /// Subscribes a replica's streams (`observer`, from silo `silo`) to the frames this activation commits; renewed
    /// by the subscriber every `Flex:Runs:StreamSubscriptionRefresh`. Returns this activation's id and last seq.
    Task<RunSubscription> SubscribeAsync(IRunFrameObserver observer, string silo);

    /// A human task passed its due time: it expires (or escalates) and the run fails, waits for the escalation, or
    /// (an `onTimeout` replan policy) goes on to its next plan version.
    Task ExpireTaskAsync(Guid taskId);

    /// A paused run passed its `constraints.deadlineSeconds`: it fails with `deadline_exceeded`.
    Task ExpireDeadlineAsync();
}
