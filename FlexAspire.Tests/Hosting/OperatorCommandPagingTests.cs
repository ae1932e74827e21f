using FlexAspire.AppHost.Dashboard;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FlexAspire.Tests.Hosting;

/// The "Cancel running runs" command reads every page of the runs list, not only the first 200 (against an in-process
/// stand-in for the API's list route that pages by cursor).
public sealed class OperatorCommandPagingTests
{
    [Fact]
    public async Task The_cancel_command_lists_the_runs_of_every_page_with_the_status_and_the_key()
    {
        var runs = Enumerable.Range(1, 5).Select(i => $"run-{i}").ToArray();
        var requests = new List<(string? Status, string? Cursor, string? Authorization)>();
        var builder = LoopbackWebApp.CreateBuilder();
        await using var app = builder.Build();
        app.MapGet("/api/v1/flex/runs", (HttpRequest request) =>
        {
            var status = request.Query["status"].ToString();
            var cursor = request.Query["cursor"].ToString();
            lock (requests) requests.Add((status, cursor.Length == 0 ? null : cursor, request.Headers.Authorization.ToString()));
            // Pages of two; the cursor is the index of the next item.
            var start = cursor.Length == 0 ? 0 : int.Parse(cursor);
            var items = runs.Skip(start).Take(2).Select(id => new { runId = id, status });
            var next = start + 2 < runs.Length ? (start + 2).ToString() : null;
            return Results.Json(new { items, nextCursor = next });
        });
        await app.StartAsync();
        using var http = new HttpClient();

        var ids = await OperatorCommands.RunIdsAsync(http, app.Address().ToString().TrimEnd('/'), RunStatus.Running, "the-key", CancellationToken.None);

        ids.ShouldBe(runs);
        requests.Select(r => r.Cursor).ShouldBe([null, "2", "4"]);
        requests.ShouldAllBe(r => r.Status == "running" && r.Authorization == "Bearer the-key");
    }
}
