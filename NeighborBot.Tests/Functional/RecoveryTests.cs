using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using NeighborBot.Api.Admin;
using NeighborBot.Directory;
using NeighborBot.Jobs.Outbox;
using NeighborBot.Jobs.Tickets;
using NeighborBot.Outbox;
using NeighborBot.Simulator;
using NeighborBot.Tests.Infrastructure;
using NeighborBot.Tickets;

using static NeighborBot.Tests.Outbox.NotificationTestHost;

namespace NeighborBot.Tests.Functional;

/// <summary>
/// Nothing acknowledged is lost: work whose job died with the process is made up by the sweep, and
/// messages outlive an outage of WeChat's API. The real host on Redis with the real Hangfire server,
/// the fake WeChat API on loopback and a clock the test moves.
/// </summary>
public sealed class RecoveryTests : IAsyncLifetime
{
    private const string Resident = "o_res_recovery";
    private readonly FakeTimeProvider _clock = NewClock();
    private FakeWeChatApi _api = null!;

    public async Task InitializeAsync() => _api = await FakeWeChatApi.StartAsync(time: _clock);

    public async Task DisposeAsync() => await _api.DisposeAsync();

    /// <summary>The effects of a change are never started: as if the process died right after saving it.</summary>
    private sealed class LostEffects : ITicketEffects
    {
        public int Lost;

        public void Changed(string number) => Interlocked.Increment(ref Lost);
    }

    private async Task<NeighborBotFactory> StartAsync(Func<NeighborBotFactory, NeighborBotFactory>? configure = null)
    {
        var host = Create(_api, time: _clock).With("WeChat:MaxClockSkew", "00:00:00");
        host = configure?.Invoke(host) ?? host;
        await host.Services.GetRequiredService<DirectoryCache>().ReplaceAsync(TicketLoopTests.Directory(), default);
        return host;
    }

    private static async Task SweepAsync(NeighborBotFactory host)
    {
        using var scope = host.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<SweepJob>().RunAsync(default);
    }

    /// <summary>Runs the sweep until no message due now is left unsent (its jobs run on the real Hangfire server).</summary>
    private async Task DrainAsync(NeighborBotFactory host)
    {
        var store = host.Services.GetRequiredService<IMessageStore>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        await SweepAsync(host);
        while ((await store.ReadyAsync(_clock.GetUtcNow() - SweepJob.Grace, 100, default)).Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_report_whose_follow_up_was_lost_is_routed_and_told_by_the_sweep_exactly_once()
    {
        var lost = new LostEffects();
        await using var host = await StartAsync(h => h.WithServices(s => s.Replace(ServiceDescriptor.Singleton<ITicketEffects>(lost))));
        var client = new CallbackClient(host.CreateClient(), host.WeChat);

        var reply = await client.SayAsync(Resident, "3号楼2单元楼道灯坏了");
        var number = Assert.Single(await host.Services.GetRequiredService<ITicketStore>().ListByReporterAsync($"mp:test:{Resident}", 5, default)).Number;
        Assert.Contains(number, reply, StringComparison.Ordinal);
        Assert.Equal(1, lost.Lost);

        await SweepAsync(host);   // too young: left to the job that was (supposedly) started for it
        Assert.Equal(TicketStatus.Submitted, (await host.Services.GetRequiredService<ITicketStore>().GetAsync(number, default))!.Status);

        _clock.Advance(SweepJob.Grace + TimeSpan.FromSeconds(1));
        await DrainAsync(host);
        _clock.Advance(SweepJob.Grace + TimeSpan.FromSeconds(1));
        await DrainAsync(host);   // the assignment is itself a change whose follow-up was lost: told by this sweep
        await _api.WaitForDeliveriesAsync(1, TimeSpan.FromSeconds(20));
        _clock.Advance(TimeSpan.FromMinutes(5));
        await DrainAsync(host);

        var ticket = (await host.Services.GetRequiredService<ITicketStore>().GetAsync(number, default))!;
        Assert.Equal((TicketStatus.Assigned, "p_wuye"), (ticket.Status, ticket.Assignee));
        Assert.Single(_api.Deliveries, d => d.OpenId == "o_wuye_1");
        Assert.Empty(await host.Services.GetRequiredService<ITicketStore>().ToTellAsync(_clock.GetUtcNow(), 100, default));
    }

    [Fact]
    public async Task A_message_stored_whose_job_was_never_created_is_sent_by_the_sweep()
    {
        await using var host = await StartAsync();
        var id = await host.StoreAsync(Assignment(Someone()));

        _clock.Advance(SweepJob.Grace + TimeSpan.FromSeconds(1));
        await DrainAsync(host);
        await DrainAsync(host);

        Assert.Equal(MessageStatus.Delivered, (await host.WaitUntilFinalAsync(id)).Status);
        Assert.Single(_api.Deliveries);
    }

    [Fact]
    public async Task A_30_minute_outage_of_WeChat_ends_with_every_notification_delivered_once()
    {
        await using var host = await StartAsync(h => h
            .With("Notifications:RetryBaseDelay", "00:00:15")
            .With("Notifications:RetryMaxDelay", "00:30:00")
            .With("WeChat:Api:BreakAfter", "5")
            .With("WeChat:Api:BreakFor", "00:00:01"));
        _api.FailNext(FakeFault.Http500, times: int.MaxValue);
        var outbox = host.Services.GetRequiredService<IOutbox>();
        var messages = Enumerable.Range(0, 10).Select(_ => Assignment(Someone())).ToList();
        foreach (var message in messages)
        {
            await outbox.QueueAsync(message, default);
        }

        for (var minute = 1; minute <= 30; minute++)
        {
            _clock.Advance(TimeSpan.FromMinutes(1));
            await DrainAsync(host);
        }

        Assert.Empty(_api.Deliveries);
        // Still waiting to go (a probe run may be under way this instant), none given up.
        Assert.All(await Task.WhenAll(messages.Select(m => host.RecordAsync(m.Id))), r => Assert.Contains(r!.Status, new[] { MessageStatus.Retrying, MessageStatus.Sending }));
        _api.ClearFaults();

        // Back-offs have grown to many minutes; the sweep's probe finds WeChat back (once the circuit
        // lets a call through: BreakFor of real time, waited here so that a busy machine counts no extra minutes)
        // and its delivery wakes the rest.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var minutes = 0;
        while (_api.Deliveries.Count < messages.Count && minutes++ < 10)
        {
            _clock.Advance(TimeSpan.FromMinutes(1));
            await DrainAsync(host);
            await Task.Delay(300);
        }

        Assert.InRange(minutes, 1, 5);

        var records = await Task.WhenAll(messages.Select(m => host.WaitUntilFinalAsync(m.Id)));
        Assert.All(records, r => Assert.Equal(MessageStatus.Delivered, r.Status));
        Assert.Equal(messages.Select(m => m.Id).Order(), _api.Deliveries.Select(d => d.ClientMsgId!).Order());
        Assert.All(records, r => Assert.True(r.Runs > 3, $"{r.Message.Id} ran {r.Runs} times"));
    }

    [Fact]
    public async Task After_an_outage_the_backlog_drains_at_the_accounts_send_rate()
    {
        await using var host = await StartAsync(h => h.With("Notifications:SendsPerSecond", "3"));
        var ids = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add(await host.StoreAsync(Assignment(Someone())));
        }

        var perSecond = new List<int>();
        while (_api.Deliveries.Count < ids.Count && perSecond.Count < 20)
        {
            var before = _api.Deliveries.Count;
            foreach (var id in ids)
            {
                await host.RunJobAsync(id);
            }

            perSecond.Add(_api.Deliveries.Count - before);
            _clock.Advance(TimeSpan.FromSeconds(1.3));
        }

        Assert.Equal(ids.Count, _api.Deliveries.Count);
        Assert.All(perSecond, n => Assert.InRange(n, 0, 3));
        Assert.Equal(3, perSecond[0]);
        var queued = await host.RecordAsync(ids[^1]);
        Assert.Equal(0, queued!.Attempts.Count(a => a.Outcome != AttemptOutcome.Delivered));   // put off, never counted as failing
    }

    [Fact]
    public async Task An_admin_sees_what_was_given_up_and_resends_it_once()
    {
        await using var host = await StartAsync();
        _api.FailNext(FakeFault.Error(43004), FakeEndpoint.TemplateSend);
        var id = await host.StoreAsync(Assignment(Someone()));
        await host.RunJobAsync(id);
        var admin = host.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", NeighborBotFactory.AdminKey);

        var failed = await admin.GetFromJsonAsync<JsonElement>("/api/admin/messages?status=failed");
        var resent = await admin.PostAsync($"/api/admin/messages/{Uri.EscapeDataString(id)}/resend", null);
        var record = await host.WaitUntilFinalAsync(id);
        var again = await admin.PostAsync($"/api/admin/messages/{Uri.EscapeDataString(id)}/resend", null);
        var missing = await admin.PostAsync("/api/admin/messages/no-such-id/resend", null);

        var listed = Assert.Single(failed.EnumerateArray(), m => m.GetProperty("message").GetProperty("id").GetString() == id);
        Assert.Contains("does not follow", listed.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, resent.StatusCode);
        Assert.Equal(MessageStatus.Delivered, record.Status);
        Assert.Equal([AttemptOutcome.Refused, AttemptOutcome.Delivered], record.Attempts.Select(a => a.Outcome));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Single(_api.Deliveries);
    }
}
