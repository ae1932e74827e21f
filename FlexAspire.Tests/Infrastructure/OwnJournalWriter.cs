using FlexAspire.Api.Data;
using FlexAspire.Api.Runs.Journal;
using FlexAspire.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlexAspire.Tests.Infrastructure;

/// A JournalWriter of the test's own on the stack's PostgreSQL, beside the API's, for tests that drive the journal
/// directly: it appends to a run of the sample that the stack has already finished, so nothing else writes to it.
public sealed class OwnJournalWriter : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly string _database;

    private OwnJournalWriter(ServiceProvider services, string database, ICommittedFrameSink delivery, Guid runId, long lastSeq)
    {
        (_services, _database) = (services, database);
        RunId = runId;
        LastSeq = lastSeq;
        Writer = new JournalWriter(services.GetRequiredService<IServiceScopeFactory>(), delivery, TimeProvider.System,
            Options.Create(new RunOptions()), services.GetRequiredService<JournalTelemetry>(), NullLogger<JournalWriter>.Instance);
        Journal = new RunJournal(Writer, services.GetRequiredService<RunTelemetry>(), runId);
        Journal.Seed(lastSeq);
    }

    /// The finished run and the seq of its last frame.
    public Guid RunId { get; }
    public long LastSeq { get; }

    public JournalWriter Writer { get; }

    /// The run's journal through this writer, numbering its next write after LastSeq.
    public RunJournal Journal { get; }

    /// Runs the social-post sample to its end on the stack, then starts a writer whose `delivery` takes the committed
    /// frames, as the API's streams would.
    public static async Task<OwnJournalWriter> OnFinishedSampleRunAsync(FlexStackFixture stack, ICommittedFrameSink? delivery = null)
    {
        delivery ??= new NoStreams();
        using var api = stack.CreateClient(ResourceNames.Api);
        using var response = await api.StartRunAsync(FlexApiClient.Sample("envelope-social-post.json"));
        var runId = Guid.Parse(response.Headers.GetValues("X-Flex-Run-Id").Single());
        await SseFrames.ReadUntilCompleteAsync(response);
        var lastSeq = (await RunEventLog.ReadAsync(stack, runId))[^1].Seq;

        var database = await stack.GetDatabaseConnectionStringAsync();
        var services = new ServiceCollection()
            .AddDbContext<FlexDbContext>(o => o.UseOwnedDatabase(FlexDbContext.MigrationsHistoryTable, database))
            .AddMetrics()
            .AddSingleton<JournalTelemetry>()
            .AddSingleton<RunTelemetry>()
            .BuildServiceProvider();
        return new OwnJournalWriter(services, database, delivery, runId, lastSeq);
    }

    /// A new DbContext on the stack's database, for reading (or setting up) what the writer wrote.
    public FlexDbContext CreateDbContext() => new((DbContextOptions<FlexDbContext>)new DbContextOptionsBuilder<FlexDbContext>()
        .UseOwnedDatabase(FlexDbContext.MigrationsHistoryTable, _database).Options);

    public async ValueTask DisposeAsync()
    {
        await Writer.DisposeAsync();
        await _services.DisposeAsync();
    }

    /// Committed frames go nowhere: no stream follows the finished run.
    private sealed class NoStreams : ICommittedFrameSink
    {
        public void Publish(Guid runId, IReadOnlyList<JournalFrame> frames) { }
    }
}
