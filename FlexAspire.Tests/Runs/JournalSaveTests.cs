using FlexAspire.Api.Data;
using FlexAspire.Api.Runs.Journal;
using Microsoft.EntityFrameworkCore;

namespace FlexAspire.Tests.Runs;

/// How journal rows are saved (JournalSave): the run's row changes through EF Core and its frames and outputs through
/// binary COPY, in one transaction. Against the stack's PostgreSQL, on a finished sample run.
[Collection(StackCollection.Name)]
public sealed class JournalSaveTests(FlexStackFixture stack)
{
    [Fact]
    public async Task Frames_and_outputs_are_written_column_for_column_in_the_same_transaction_as_the_run_change()
    {
        await using var own = await OwnJournalWriter.OnFinishedSampleRunAsync(stack);
        var at = DateTimeOffset.UtcNow;
        var tokensBefore = 0L;
        await using (var db = own.CreateDbContext())
        {
            var run = await db.Runs.SingleAsync(r => r.Id == own.RunId);
            tokensBefore = run.TokensUsed;
            run.TokensUsed += 7;
            db.RunEvents.Add(new RunEventEntity { RunId = own.RunId, Seq = own.LastSeq + 1, Type = "log", Payload = """{"type":"log","n":1}""", CreatedAt = at });
            db.RunEvents.Add(new RunEventEntity { RunId = own.RunId, Seq = own.LastSeq + 2, Type = "log", Payload = """{"type":"log","n":2}""", CreatedAt = at });
            db.RunOutputs.Add(new RunOutputEntity { RunId = own.RunId, Name = "copy-test", NodeId = null, PlanVersion = 3, Value = """{"v":"run"}""", CreatedAt = at });
            db.RunOutputs.Add(new RunOutputEntity { RunId = own.RunId, Name = "copy-test", NodeId = "node-x", PlanVersion = 4, Value = """["a",1]""", CreatedAt = at });
            await JournalSave.SaveAsync(db, CancellationToken.None);
            db.ChangeTracker.Entries().ShouldAllBe(e => e.State == EntityState.Unchanged || e.State == EntityState.Detached);
        }

        await using (var db = own.CreateDbContext())
        {
            (await db.Runs.AsNoTracking().SingleAsync(r => r.Id == own.RunId)).TokensUsed.ShouldBe(tokensBefore + 7);
            var events = await db.RunEvents.AsNoTracking().Where(e => e.RunId == own.RunId && e.Seq > own.LastSeq).OrderBy(e => e.Seq).ToListAsync();
            events.Select(e => (e.Seq, e.Type)).ShouldBe([(own.LastSeq + 1, "log"), (own.LastSeq + 2, "log")]);
            JsonNode.Parse(events[1].Payload)!["n"]!.GetValue<int>().ShouldBe(2);
            events[0].CreatedAt.ToUnixTimeMilliseconds().ShouldBe(at.ToUnixTimeMilliseconds());
            var outputs = await db.RunOutputs.AsNoTracking().Where(o => o.RunId == own.RunId && o.Name == "copy-test").OrderBy(o => o.PlanVersion).ToListAsync();
            outputs.Select(o => (o.NodeId, o.PlanVersion)).ShouldBe([(null, 3), ("node-x", 4)]);
            JsonNode.DeepEquals(JsonNode.Parse(outputs[1].Value), JsonNode.Parse("""["a",1]""")).ShouldBeTrue();
        }
    }

    [Fact]
    public async Task A_frame_whose_seq_is_taken_fails_the_save_as_a_unique_violation_and_writes_nothing_of_it()
    {
        await using var own = await OwnJournalWriter.OnFinishedSampleRunAsync(stack);
        long tokensBefore;
        await using (var db = own.CreateDbContext())
        {
            var run = await db.Runs.SingleAsync(r => r.Id == own.RunId);
            tokensBefore = run.TokensUsed;
            run.TokensUsed += 1000;
            db.RunOutputs.Add(new RunOutputEntity { RunId = own.RunId, Name = "lost", PlanVersion = 1, Value = "{}", CreatedAt = DateTimeOffset.UtcNow });
            db.RunEvents.Add(new RunEventEntity { RunId = own.RunId, Seq = own.LastSeq, Type = "log", Payload = "{}", CreatedAt = DateTimeOffset.UtcNow });

            var error = await Should.ThrowAsync<DbUpdateException>(() => JournalSave.SaveAsync(db, CancellationToken.None));
            error.InnerException.ShouldBeOfType<PostgresException>().SqlState.ShouldBe(PostgresErrorCodes.UniqueViolation);
        }

        await using (var db = own.CreateDbContext())
        {
            var run = await db.Runs.AsNoTracking().SingleAsync(r => r.Id == own.RunId);
            run.TokensUsed.ShouldBe(tokensBefore);
            (await db.RunOutputs.AnyAsync(o => o.RunId == own.RunId && o.Name == "lost")).ShouldBeFalse();
            (await db.RunEvents.AsNoTracking().SingleAsync(e => e.RunId == own.RunId && e.Seq == own.LastSeq)).Type.ShouldBe("complete");
        }
    }
}
