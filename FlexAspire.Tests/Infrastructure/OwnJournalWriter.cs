using FlexAspire.Api.Data;
using FlexAspire.Api.Runs;
using FlexAspire.Api.Runs.Execution;
using FlexAspire.Api.Runs.Journal;
using FlexAspire.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FlexAspire.Tests.Infrastructure;

/// A JournalWriter of the test's own on the stack's PostgreSQL, beside the API's, for tests that drive the journal
/// directly: they append to a run the stack has already finished, so nothing else writes to it meanwhile.
public sealed class OwnJournalWriter : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private OwnJournalWriter(ServiceProvider services, ICommittedFrameSink delivery)
    {
        _services = services;
        Writer = new JournalWriter(services.GetRequiredService<IServiceScopeFactory>(), delivery, TimeProvider.System,
            Options.Create(new RunOptions()), services.GetRequiredService<JournalTelemetry>(), NullLogger<JournalWriter>.Instance);
    }

    public JournalWriter Writer { get; }

    /// `delivery` takes the committed frames, as the API's streams would.
    public static async Task<OwnJournalWriter> StartAsync(FlexStackFixture stack, ICommittedFrameSink delivery)
    {
        var database = await stack.GetDatabaseConnectionStringAsync();
        var services = new ServiceCollection()
            .AddDbContext<FlexDbContext>(o => o.UseOwnedDatabase(FlexDbContext.MigrationsHistoryTable, database))
            .AddMetrics()
            .AddSingleton<JournalTelemetry>()
            .AddSingleton<RunTelemetry>()
            .BuildServiceProvider();
        return new OwnJournalWriter(services, delivery);
    }

    /// The run's journal through this writer, numbering its next write after `lastSeq`.
    public RunJournal JournalFor(Guid runId, long lastSeq)
    {
        var journal = new RunJournal(Writer, _services.GetRequiredService<RunTelemetry>(), runId);
        journal.Seed(lastSeq);
        return journal;
    }

    /// Runs the social-post sample to its end on the stack; returns the run and the seq of its last frame.
    public static async Task<(Guid RunId, long LastSeq)> FinishedSampleRunAsync(FlexStackFixture stack)
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        using var response = await api.StartRunAsync(FlexApiClient.Sample("envelope-social-post.json"));
        var runId = Guid.Parse(response.Headers.GetValues("X-Flex-Run-Id").Single());
        await SseFrames.ReadUntilCompleteAsync(response, TimeSpan.FromMinutes(2));
        return (runId, (await RunEventLog.ReadAsync(stack, runId))[^1].Seq);
    }

    public async ValueTask DisposeAsync()
    {
        await Writer.DisposeAsync();
        await _services.DisposeAsync();
    }
}
