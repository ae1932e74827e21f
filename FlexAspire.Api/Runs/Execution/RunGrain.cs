using FlexAspire.Api.Hitl;
using FlexAspire.Api.Runs.Streaming;
using Orleans.Placement;

namespace FlexAspire.Api.Runs.Execution;

/// The run's single executor in the cluster (see IRunGrain). Execution runs on the thread pool, outside the grain's
/// turn-based scheduler, so commands keep reaching the grain while model calls are in flight; the grain owns the
/// execution's cancellation and the keep-alive reminder. A new run is placed on the replica that accepted it.
[PreferLocalPlacement]
public sealed class RunGrain(
    RunCoordinator coordinator,
    RunCancellation cancellation,
    RunSubscriptions subscriptions,
    IServiceScopeFactory scopes,
    ILocalSiloDetails silo,
    IOptions<RunOptions> options,
    ILogger<RunGrain> logger) : Grain, IRunGrain, IRemindable
{
    private const string KeepAlive = "keep-alive";
    private Task? _execution;
    private CancellationTokenSource? _cancel;
    private IGrainReminder? _reminder; // as this activation registered it: unregistering needs no read first
    private readonly CancellationTokenSource _deactivating = new();
    private readonly Guid _activation = Guid.NewGuid();

    private Guid RunId => this.GetPrimaryKey();

    public async Task<bool> StartAsync(string? reservedOn)
    {
        var reserved = reservedOn == silo.SiloAddress.ToParsableString();
        // From the intake, the run was created `pending` a moment ago: no need to read that back.
        await StartIfRunnableAsync(reserved, knownRunnable: reservedOn is not null, reservedOn is not null ? "intake" : "start-up adoption");
        return reserved;
    }

    public async Task<RunStatus> CancelAsync()
    {
        if (_execution is { IsCompleted: false } && _cancel is not null)
        {
            await _cancel.CancelAsync();
            return RunStatus.Running; // its executor records `cancelled` in a moment
        }
        var status = await cancellation.MarkCancelledAsync(RunId, CancellationToken.None);
        await StopKeepingAliveAsync();
        return status;
    }

    public Task<ResumeOutcome> ResumeAsync(RunResumeRequest request) =>
        ContinueAfterAsync(scope => scope.ServiceProvider.GetRequiredService<RunResumption>().ResumeAsync(request, CancellationToken.None));

    public Task<ResumeOutcome> DeclineAsync(Guid taskId, DeclineTaskRequest decline, string? by) =>
        ContinueAfterAsync(scope => scope.ServiceProvider.GetRequiredService<TaskDecliner>().DeclineAsync(RunId, taskId, decline, by, CancellationToken.None));

    public async Task ExpireTaskAsync(Guid taskId)
    {
        bool goesOn;
        await using (var scope = scopes.CreateAsyncScope())
        {
            goesOn = await scope.ServiceProvider.GetRequiredService<HumanTaskTimeouts>().ExpireAsync(RunId, taskId, CancellationToken.None);
        }
        if (goesOn)
        {
            // As after an answer: the paused run's last execution has let go (it wrote `complete{awaiting_human}`).
            if (_execution is { } previous)
            {
                await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
            }
            await StartIfRunnableAsync(reserved: false, knownRunnable: false, "task timeout");
        }
    }

    public async Task ExpireDeadlineAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PausedRunDeadlines>().ExpireAsync(RunId, CancellationToken.None);
    }

    /// Streams on this replica get the frames from the journal writer directly; another replica's observer is
    /// registered here, so the writer sends it each batch once.
    public Task<RunSubscription> SubscribeAsync(IRunFrameObserver observer, string from)
    {
        subscriptions.Subscribe(RunId, from, from == silo.SiloAddress.ToParsableString() ? null : observer);
        return Task.FromResult(new RunSubscription(_activation, subscriptions.LastSeq(RunId)));
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => StartIfRunnableAsync(reserved: false, knownRunnable: false, "keep-alive reminder");

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The replica is stopping (or the grain is moved): the run stays `running` and keeps its reminder, so it
        // continues on another activation. Wait for this execution to let go first, so two never write at once.
        await _deactivating.CancelAsync();
        if (_execution is { } execution)
        {
            await execution.WaitAsync(cancellationToken)
                .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        }
        subscriptions.Forget(RunId);
    }

    /// An answer is applied once the previous execution has fully let go of the run (it wrote its `complete` frame
    /// just before); a run that can go on then starts executing here at once.
    private async Task<ResumeOutcome> ContinueAfterAsync(Func<AsyncServiceScope, Task<ResumeOutcome>> command)
    {
        if (_execution is { } previous)
        {
            await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        }
        ResumeOutcome outcome;
        await using (var scope = scopes.CreateAsyncScope())
        {
            outcome = await command(scope);
        }
        if (outcome is ResumeOutcome.Continued)
        {
            await StartIfRunnableAsync(reserved: false, knownRunnable: false, "answer");
        }
        return outcome;
    }

    /// `why`: what asked for the execution (intake, answer, keep-alive reminder, ...), named in the execution's log lines.
    private async Task StartIfRunnableAsync(bool reserved, bool knownRunnable, string why)
    {
        if (_execution is { IsCompleted: false } || _deactivating.IsCancellationRequested)
        {
            if (reserved) coordinator.Release();
            return;
        }
        if (!knownRunnable && !await HasWorkAsync())
        {
            if (reserved) coordinator.Release();
            await StopKeepingAliveAsync();
            return;
        }
        _cancel?.Dispose();
        _cancel = new CancellationTokenSource();
        var runCt = CancellationTokenSource.CreateLinkedTokenSource(_cancel.Token, _deactivating.Token).Token;
        var stopping = _deactivating.Token;
        var runId = RunId;
        var execution = Task.Run(() => coordinator.ExecuteAsync(runId, reserved, why, runCt, stopping));
        _execution = execution;
        // The keep-alive reminder is written while the run already executes (a Redis round trip less before its first
        // step); the run's row was committed before this call, so the window in which a dead replica leaves the run
        // without a reminder is the same few milliseconds as before.
        var keepAlive = KeepAliveAsync();
        _ = WhenExecutionEndsAsync(execution, keepAlive);
    }

    private async Task KeepAliveAsync()
    {
        try
        {
            _reminder = await this.RegisterOrUpdateReminder(KeepAlive, options.Value.KeepAliveInterval, options.Value.KeepAliveInterval);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Run {RunId} could not register its keep-alive reminder; it is not continued elsewhere if this replica dies", RunId);
        }
    }

    /// Back on the grain's scheduler: a run that finished or paused no longer needs its reminder (once it is written).
    private async Task WhenExecutionEndsAsync(Task<RunStatus?> execution, Task keepAlive)
    {
        RunStatus? ended = null;
        try
        {
            ended = await execution;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Run {RunId} execution ended with an error", RunId);
        }
        await keepAlive;
        if (_deactivating.IsCancellationRequested)
        {
            return;
        }
        // The execution says how it ended (finished or paused: no work left); only when it cannot is the row read.
        if (ended is null ? !await HasWorkAsync() : ended is not (RunStatus.Pending or RunStatus.Running))
        {
            await StopKeepingAliveAsync();
        }
    }

    private async Task<bool> HasWorkAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlexDbContext>();
        var status = await db.Runs.AsNoTracking().Where(r => r.Id == RunId).Select(r => r.Status).SingleOrDefaultAsync();
        return status is RunStatus.Pending or RunStatus.Running;
    }

    private async Task StopKeepingAliveAsync()
    {
        // The reminder this activation registered, else one an earlier activation (another replica) left.
        if ((_reminder ?? await this.GetReminder(KeepAlive)) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
            _reminder = null;
        }
        DeactivateOnIdle();
    }
}
