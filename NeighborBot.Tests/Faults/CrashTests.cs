using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using NeighborBot.Simulator;
using Xunit.Abstractions;

namespace NeighborBot.Tests.Faults;

/// <summary>
/// The service killed with <c>kill -9</c> in the middle of a burst of reports, and Redis killed and
/// started again during a stream: every report that WeChat delivered ends as exactly one ticket, no
/// resident is answered with an empty reply, and every ticket's assignment reaches its handler
/// exactly once within two minutes. The sizes and kill times can be changed with FAULT_* variables
/// (scripts/fault.sh runs several); figures go to the test output and, with FAULT_REPORT, to a file.
/// </summary>
[Trait("Category", "Fault")]
public sealed partial class CrashTests(ITestOutputHelper output)
{
    private static readonly TimeSpan AssignmentDeadline = TimeSpan.FromMinutes(2);

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var value) ? value : fallback;

    [Fact]
    public async Task A_service_killed_in_the_middle_of_a_burst_loses_no_report_and_sends_each_assignment_once()
    {
        var reports = Setting("FAULT_REPORTS", 400);
        var inFlight = Setting("FAULT_INFLIGHT", 100);
        var killAt = TimeSpan.FromMilliseconds(Setting("FAULT_KILL_AT_MS", 300));
        await using var rig = await FaultRig.StartAsync();

        var burst = Stopwatch.StartNew();
        var deliveries = SendBurstAsync(rig, reports, inFlight, TimeSpan.Zero);
        await Task.Delay(killAt);
        rig.KillService();
        var killedAfter = burst.Elapsed;
        await rig.StartServiceAsync();
        var restarted = Stopwatch.StartNew();

        var outcome = await CheckAsync(rig, await deliveries, restarted);
        Report("service kill -9", reports, inFlight, killedAfter, outcome);
        outcome.AssertNothingLost();
    }

    [Fact]
    public async Task Redis_killed_and_started_again_during_a_stream_loses_nothing_acknowledged()
    {
        var reports = Setting("FAULT_STREAM_REPORTS", 200);
        var outage = TimeSpan.FromMilliseconds(Setting("FAULT_REDIS_OUTAGE_MS", 2000));
        await using var rig = await FaultRig.StartAsync();

        var stream = Stopwatch.StartNew();
        var deliveries = SendBurstAsync(rig, reports, inFlight: 10, spacing: TimeSpan.FromMilliseconds(20));
        await Task.Delay(TimeSpan.FromMilliseconds(1500));
        rig.KillRedis();
        var killedAfter = stream.Elapsed;
        await Task.Delay(outage);
        await rig.StartRedisAsync();
        var restarted = Stopwatch.StartNew();

        var outcome = await CheckAsync(rig, await deliveries, restarted);
        Report($"redis kill -9, down {outage.TotalSeconds:0.#} s", reports, 10, killedAfter, outcome);
        outcome.AssertNothingLost();
    }

    [Fact]
    public async Task Reports_waiting_on_their_question_survive_a_kill_and_are_filed_once_with_the_residents_told_once()
    {
        const int Residents = 20;
        await using var rig = await FaultRig.StartAsync(settings: new Dictionary<string, string> { ["Conversations__FileUnansweredAfter"] = "00:00:03" });
        var run = Guid.NewGuid().ToString("N")[..6];
        var people = Enumerable.Range(0, Residents).Select(i => $"o_{run}_q{i:00}").ToList();
        foreach (var openId in people)
        {
            var asked = await rig.SayAsync(openId, "楼道灯坏了 晚上上楼黑咕隆咚的");
            Assert.DoesNotContain("工单号", asked ?? string.Empty, StringComparison.Ordinal);
        }

        // Killed before any of them is due; restarted after they all are.
        rig.KillService();
        await Task.Delay(TimeSpan.FromSeconds(4));
        await rig.StartServiceAsync();

        var deadline = Stopwatch.StartNew();
        List<JsonElement> tickets;
        do
        {
            await Task.Delay(500);
            tickets = [.. (await rig.TicketsAsync()).EnumerateArray().Where(t => people.Any(p => t.GetProperty("reporter").GetString()!.EndsWith(":" + p, StringComparison.Ordinal)))];
        }
        while ((tickets.Count < Residents || Told(rig, people).Count < Residents) && deadline.Elapsed < AssignmentDeadline);

        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(Residents, tickets.Count);
        Assert.Equal(Residents, tickets.Select(t => t.GetProperty("reporter").GetString()).Distinct().Count());
        var told = Told(rig, people);
        Assert.True(people.All(p => told.Count(d => d.OpenId == p) == 1), $"Each resident is told once; told: {string.Join(", ", told.Select(d => d.OpenId))}\n{rig.ServiceLog}");
    }

    private static List<FakeDelivery> Told(FaultRig rig, List<string> people) =>
        [.. rig.Api.Deliveries.Where(d => people.Contains(d.OpenId) && (d.Text?.Contains("没等到您的回复", StringComparison.Ordinal) ?? false))];

    /// <summary>Each report from a resident of its own, WeChat's way: tries again when a try fails or takes 5 s.</summary>
    private static async Task<Delivery[]> SendBurstAsync(FaultRig rig, int count, int inFlight, TimeSpan spacing)
    {
        using var gate = new SemaphoreSlim(inFlight);
        var run = Guid.NewGuid().ToString("N")[..6];
        var tasks = new List<Task<Delivery>>(count);
        for (var i = 0; i < count; i++)
        {
            var openId = $"o_{run}_{i:0000}";
            var xml = CallbackMessages.Text(openId, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 8_000_000_000_000_000_000 + i, $"{1 + (i % 4)}号楼2单元楼道灯坏了");
            await gate.WaitAsync();
            tasks.Add(Task.Run(async () =>
            {
                try
                {
                    return new Delivery(openId, await rig.DeliverAsync(xml));
                }
                finally
                {
                    gate.Release();
                }
            }));
            if (spacing > TimeSpan.Zero)
            {
                await Task.Delay(spacing);
            }
        }

        return await Task.WhenAll(tasks);
    }

    private static async Task<Outcome> CheckAsync(FaultRig rig, Delivery[] deliveries, Stopwatch sinceRestart)
    {
        // Wait until every ticket is assigned and its handler has the assignment, or the two minutes are up.
        List<JsonElement> tickets;
        int delivered;
        do
        {
            tickets = [.. (await rig.TicketsAsync()).EnumerateArray().Where(t => t.GetProperty("reporter").GetString()!.StartsWith("mp:fault:", StringComparison.Ordinal))];
            var numbers = tickets.Select(t => t.GetProperty("number").GetString()!).ToHashSet();
            delivered = rig.Api.Deliveries.Select(d => d.ClientMsgId?.Split(':')[0]).Where(n => n is not null && numbers.Contains(n)).Distinct().Count();
            if (delivered == tickets.Count && tickets.All(t => t.GetProperty("status").GetString() == "assigned"))
            {
                break;
            }

            await Task.Delay(500);
        }
        while (sinceRestart.Elapsed < AssignmentDeadline + TimeSpan.FromSeconds(10));

        return new Outcome(deliveries, tickets, [.. rig.Api.Deliveries], sinceRestart.Elapsed, rig.ServiceLog);
    }

    private void Report(string what, int reports, int inFlight, TimeSpan killedAfter, Outcome outcome)
    {
        var line = outcome.Summary(what, reports, inFlight, killedAfter);
        output.WriteLine(line);
        if (Environment.GetEnvironmentVariable("FAULT_REPORT") is { Length: > 0 } file)
        {
            File.AppendAllText(file, line + Environment.NewLine);
        }
    }

    private sealed record Delivery(string OpenId, IReadOnlyList<FaultRig.Try> Tries)
    {
        public FaultRig.Try? Answer => Tries.LastOrDefault(t => t.Status is System.Net.HttpStatusCode.OK);

        public string? AnswerText => Answer is { } answer ? SimulatedWeChat.ReplyText(answer.Body) ?? answer.Body : null;

        public bool AskedToResend => AnswerText?.Contains("稍后再发", StringComparison.Ordinal) == true;
    }

    private sealed partial record Outcome(Delivery[] Deliveries, List<JsonElement> Tickets, IReadOnlyList<FakeDelivery> Sent, TimeSpan SinceRestart, string ServiceLog)
    {
        private ILookup<string, JsonElement> ByReporter => Tickets.ToLookup(t => t.GetProperty("reporter").GetString()!.Split(':')[2]);

        public int Retried => Deliveries.Count(d => d.Tries.Count > 1);

        public int Answered => Deliveries.Count(d => d.Answer is not null);

        /// <summary>Answered with "success", an empty body or no text: the resident saw nothing.</summary>
        public int AnsweredEmpty => Deliveries.Count(d => d.Answer is { } a && (a.Body is "success" or "" || d.AnswerText is null));

        /// <summary>Asked to send again (the bot's apology when it could not answer).</summary>
        public int AskedToResend => Deliveries.Count(d => d.AskedToResend);

        /// <summary>Answered with a ticket number whose ticket does not exist, or not exactly one ticket.</summary>
        public int AcknowledgedButLost => Deliveries.Count(d => Number().Match(d.AnswerText ?? string.Empty) is { Success: true } m
            && !(ByReporter[d.OpenId].Count() == 1 && ByReporter[d.OpenId].Single().GetProperty("number").GetString() == m.Value));

        public int Duplicates => ByReporter.Count(g => g.Count() > 1);

        public int NeverDelivered => Deliveries.Count(d => d.Answer is null);

        public int Unassigned => Tickets.Count(t => t.GetProperty("status").GetString() != "assigned");

        public int AssignmentsDeliveredTwice => Sent.Where(s => s.TemplateId == "tpl_assignment").GroupBy(s => s.ClientMsgId!.Split(':')[0]).Count(g => g.Count() > 1);

        public int AssignmentsMissing => Tickets.Count(t => !Sent.Any(s => s.TemplateId == "tpl_assignment" && s.ClientMsgId!.StartsWith(t.GetProperty("number").GetString() + ":", StringComparison.Ordinal)));

        public string Summary(string what, int reports, int inFlight, TimeSpan killedAfter) => string.Create(CultureInfo.InvariantCulture,
            $"{what}: {reports} reports, {inFlight} in flight, killed at {killedAfter.TotalSeconds:0.00} s | answered {Answered}, retried by WeChat {Retried}, " +
            $"never delivered {NeverDelivered}, empty answers {AnsweredEmpty}, asked to resend {AskedToResend} | tickets {Tickets.Count}, duplicates {Duplicates}, " +
            $"acknowledged but lost {AcknowledgedButLost}, unassigned {Unassigned} | assignments missing {AssignmentsMissing}, twice {AssignmentsDeliveredTwice}, " +
            $"all in {SinceRestart.TotalSeconds:0} s after restart");

        public void AssertNothingLost()
        {
            var context = "\n" + string.Join("\n", ServiceLog.Split('\n').TakeLast(40));
            Assert.True(AnsweredEmpty == 0, $"{AnsweredEmpty} residents got an empty answer" + context);
            Assert.True(AcknowledgedButLost == 0, $"{AcknowledgedButLost} reports were acknowledged with a number but do not have exactly that ticket" + context);
            Assert.True(Duplicates == 0, $"{Duplicates} reports made more than one ticket");
            Assert.True(Answered + NeverDelivered == Deliveries.Length);
            Assert.True(Deliveries.Where(d => d.Answer is not null && !d.AskedToResend).All(d => Number().IsMatch(d.AnswerText ?? string.Empty)),
                "every answered report carries its ticket number");
            Assert.True(Unassigned == 0, $"{Unassigned} tickets are not assigned" + context);
            Assert.True(AssignmentsMissing == 0, $"{AssignmentsMissing} assignments never reached their handler" + context);
            Assert.True(AssignmentsDeliveredTwice == 0, $"{AssignmentsDeliveredTwice} assignments arrived twice");
            Assert.True(SinceRestart < AssignmentDeadline + TimeSpan.FromSeconds(10), $"assignments took {SinceRestart.TotalSeconds:0} s after the restart");
        }

        [GeneratedRegex(@"\d{8}-\d{4}")]
        private static partial Regex Number();
    }
}
