using FlexAspire.Api.Data;
using FlexAspire.Api.Hitl;
using FlexAspire.Contracts.Hitl;
using FlexAspire.Data;
using Microsoft.EntityFrameworkCore;

namespace FlexAspire.Tests.Hitl;

/// The per-run bound on HITL requests, against the stack's database (the bound is 10 over HTTP; here it is 1).
[Collection(StackCollection.Name)]
public sealed class HitlRequestBoundTests(FlexStackFixture stack)
{
    [Fact]
    public async Task A_request_beyond_the_per_run_bound_is_recorded_as_denied_and_nobody_is_asked()
    {
        var raiser = new HitlRaiser(Options.Create(new HitlOptions { MaxRequestsPerRun = 1 }), TimeProvider.System);
        var run = new RunEntity { Id = Guid.NewGuid(), Status = RunStatus.Running, Objective = "bound test", Envelope = "{}", CreatedAt = DateTimeOffset.UtcNow };
        var question = new HitlQuestion("Approve?", HitlKind.Approval, HitlPurposes.NodeReview, "node-a");
        await using var db = new FlexDbContext((DbContextOptions<FlexDbContext>)new DbContextOptionsBuilder<FlexDbContext>().UseOwnedDatabase(FlexDbContext.MigrationsHistoryTable, await stack.GetDatabaseConnectionStringAsync()).Options);

        var first = await raiser.RaiseAsync(db, run.Id, question, CancellationToken.None);
        first.Pending.ShouldNotBeNull();
        await first.Change!(db, run);
        await db.SaveChangesAsync();
        var second = await raiser.RaiseAsync(db, run.Id, question with { NodeId = "node-b" }, CancellationToken.None);
        await second.Change!(db, run);
        await db.SaveChangesAsync();

        second.Pending.ShouldBeNull();
        second.Frames.ShouldHaveSingleItem().Type.ShouldBe("log");
        var rows = await db.HitlRequests.AsNoTracking().Where(r => r.RunId == run.Id.ToString()).OrderBy(r => r.CreatedAt).ToListAsync();
        rows.Select(r => r.Status).ShouldBe(["pending", "denied"]);
        rows[1].DenialReason!.ShouldContain("MaxRequestsPerRun");
        (await db.OrchestratorRuns.AsNoTracking().SingleAsync(r => r.Id == run.Id)).Mode.ShouldBe("flex");
    }
}
