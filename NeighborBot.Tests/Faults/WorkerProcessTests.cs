using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using NeighborBot.Simulator;

namespace NeighborBot.Tests.Faults;

/// <summary>
/// The service with its job processing off (<c>Jobs:RunServer=false</c>) beside job workers that run as
/// processes of their own (the built NeighborBot.Jobs, started as an operator starts it, on the same Redis
/// with the same key prefix): the service takes the callbacks and creates the jobs, the worker runs them.
/// </summary>
public sealed partial class WorkerProcessTests
{
    private const string Resident = "o_res_loop";
    private const string Wuye = "o_wuye_1";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Jobs_wait_while_no_worker_runs_and_a_worker_process_then_carries_the_ticket_loop_with_the_service()
    {
        await using var rig = await FaultRig.StartAsync(serviceRunsJobs: false);
        var redis = rig.Redis();
        var hangfire = $"{{{rig.KeyPrefix}:hangfire}}:";

        var opened = await rig.SayAsync(Resident, "3号楼2单元楼道灯坏了");
        var number = Number().Match(opened ?? string.Empty).Value;
        Assert.True(number.Length > 0, $"the report was answered without a ticket number: {opened}\n{rig.ServiceLog}");

        // Nobody runs jobs: the ticket's job waits in its queue, the ticket is not routed, nothing is sent.
        Assert.True(await Eventually(async () => await redis.ListLengthAsync(hangfire + "queue:critical") > 0), "the service created no job for the report");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal("submitted", (await TicketAsync(rig, number)).GetProperty("status").GetString());
        Assert.Empty(rig.Api.Deliveries);
        Assert.Equal(0, await redis.SetLengthAsync(hangfire + "servers"));

        var worker = await rig.StartWorkerAsync();
        Assert.Contains("started in Production", worker.Log, StringComparison.Ordinal);
        Assert.Contains($"Redis keys under {rig.KeyPrefix}", worker.Log, StringComparison.Ordinal);

        // The worker routes the waiting ticket and the assignment reaches the handler.
        var assignment = await DeliveredTo(rig, Wuye, d => d.ClientMsgId?.StartsWith(number + ":", StringComparison.Ordinal) == true);
        Assert.Equal("tpl_assignment", assignment.TemplateId);
        Assert.Equal("assigned", (await TicketAsync(rig, number)).GetProperty("status").GetString());

        // The handler accepts through the callback; the worker tells the resident.
        Assert.Contains("已接单", await rig.SayAsync(Wuye, $"接单 {number[^4..]}"), StringComparison.Ordinal);
        await DeliveredTo(rig, Resident, d => Mentions(d, "接单"));

        Assert.NotNull(await rig.SayAsync(Wuye, $"办结 {number[^4..]} 已更换灯泡"));
        await DeliveredTo(rig, Resident, d => Mentions(d, "已更换灯泡") && Mentions(d, "评价"));

        Assert.Contains("谢谢您的评价", await rig.SayAsync(Resident, "满意"), StringComparison.Ordinal);
        await DeliveredTo(rig, Wuye, d => Mentions(d, "居民评价 5 分"));
        var closed = await TicketAsync(rig, number);
        Assert.Equal("closed", closed.GetProperty("status").GetString());
        Assert.Equal(["created", "assigned", "accepted", "resolved", "rated"], closed.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("action").GetString()));

        // The service serves the dashboard; its Servers page shows the worker and no server of the service.
        var servers = await rig.Admin.GetStringAsync("/hangfire/servers");
        Assert.Contains("neighborbot.jobs", servers, StringComparison.Ordinal);
        Assert.DoesNotContain("neighborbot.api", servers, StringComparison.Ordinal);

        // SIGTERM stops the worker cleanly: exit code 0, its server signed off.
        worker.Terminate();
        Assert.True(await worker.WaitForExitAsync(TimeSpan.FromSeconds(30)), "the worker did not stop within 30 s of SIGTERM\n" + worker.Log);
        Assert.True(worker.ExitCode == 0, $"the worker exited with {worker.ExitCode}\n{worker.Log}");
        Assert.Contains("NeighborBot job worker stopped", worker.Log, StringComparison.Ordinal);
        Assert.Equal(0, await redis.SetLengthAsync(hangfire + "servers"));
    }

    [Fact]
    public async Task A_worker_without_redis_refuses_to_start_in_every_environment_and_names_the_key()
    {
        // Development, where the service would run on the in-process store; started from another folder, so
        // the demo settings it finds are the ones beside its dll, not the working directory's.
        var worker = RigProcess.Start(FaultRig.BuiltDll("NeighborBot.Jobs"), new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__Redis"] = string.Empty,
        }, workingDirectory: Path.GetTempPath());

        Assert.True(await worker.WaitForExitAsync(Patience), "the worker did not stop\n" + worker.Log);
        Assert.Equal(1, worker.ExitCode);
        var problems = worker.Log.Split('\n').Where(l => l.StartsWith("  - ", StringComparison.Ordinal)).ToList();
        Assert.Contains("The NeighborBot job worker cannot start; fix the configuration:", worker.Log, StringComparison.Ordinal);
        Assert.StartsWith("  - ConnectionStrings:Redis is required:", Assert.Single(problems), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> TicketAsync(FaultRig rig, string number) =>
        await rig.Admin.GetFromJsonAsync<JsonElement>($"/api/admin/tickets/{number}");

    private static async Task<FakeDelivery> DeliveredTo(FaultRig rig, string openId, Func<FakeDelivery, bool> match)
    {
        FakeDelivery? found = null;
        await Eventually(() => Task.FromResult((found = rig.Api.Deliveries.FirstOrDefault(d => d.OpenId == openId && match(d))) is not null));
        return found ?? throw new Xunit.Sdk.XunitException(
            $"Nothing matching was delivered to {openId}. Delivered: {string.Join(" | ", rig.Api.Deliveries.Select(d => $"{d.OpenId}:{d.Channel}:{d.Text ?? string.Join(",", d.Data.Values)}"))}\n{rig.ServiceLog}");
    }

    private static async Task<bool> Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }

    private static bool Mentions(FakeDelivery d, string text) =>
        (d.Text?.Contains(text, StringComparison.Ordinal) ?? false) || d.Data.Values.Any(v => v.Contains(text, StringComparison.Ordinal));

    [GeneratedRegex(@"\d{8}-\d{4}")]
    private static partial Regex Number();
}
