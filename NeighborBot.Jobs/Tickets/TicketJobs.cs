using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Hangfire;
using NeighborBot.Broadcasts;
using NeighborBot.Conversations;
using NeighborBot.FollowUp;
using NeighborBot.Jobs.Broadcasts;
using NeighborBot.Jobs.Care;
using NeighborBot.Jobs.Wishes;
using NeighborBot.Jobs.Outbox;
using NeighborBot.Outbox;
using NeighborBot.Tickets;
using NeighborBot.Warnings;
using NeighborBot.Jobs.Warnings;
using Microsoft.Extensions.Options;

namespace NeighborBot.Jobs.Tickets;

/// <summary>
/// The ticket loop's jobs. Each takes the ticket number, reads the ticket when it runs and does
/// nothing when there is nothing left to do, so a retried or late job is harmless.
/// </summary>
public sealed class TicketJobs(TicketNotifier notifier)
{
    /// <summary>After a change: routes a new ticket and tells everyone concerned. Retried: nobody must miss a change because of a passing failure.</summary>
    [AutomaticRetry(Attempts = 8)]
    public Task TellAsync(string number, CancellationToken cancellationToken) => notifier.TellAsync(number, cancellationToken);
}

/// <summary>
/// Every minute, and once at start: whatever was left undone by a process that died is done. Reports
/// whose question went unanswered long enough are filed; tickets with events not yet told, tickets whose
/// timers are due, outbox messages due with no run under way;
/// and while WeChat fails, one waiting message as a probe, whose success wakes the rest.
/// </summary>
internal sealed class SweepJob(TicketSweep tickets, UnansweredReports reports, IMessageStore messages, IBackgroundJobClient jobs, TimeProvider time)
{
    /// <summary>Work younger than this is left to the run that was started for it.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(20);

    public const int Batch = 500;

    /// <remarks>
    /// Not retried (the next comes in a minute) and not locked: two sweeps at once do the same safe work
    /// twice, while a lock held by a process that died would stop every sweep until it lapsed.
    /// </remarks>
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await reports.SweepAsync(Batch, cancellationToken).ConfigureAwait(false);
        await tickets.SweepAsync(Grace, Batch, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var ready = await messages.ReadyAsync(now - Grace, Batch, cancellationToken).ConfigureAwait(false);
        var probe = await messages.ProbeAsync(now, cancellationToken).ConfigureAwait(false);
        foreach (var id in probe is null ? ready : ready.Append(probe).Distinct())
        {
            jobs.Enqueue<SendMessageJob>(SendMessageJob.Queue, job => job.RunAsync(id, CancellationToken.None));
        }
    }
}

/// <summary>Starts the ticket's follow-up job after every change (through <see cref="JobQueue"/>, never blocking the caller).</summary>
internal sealed class HangfireTicketEffects(JobQueue jobs) : ITicketEffects
{
    public void Changed(string number) =>
        jobs.Post(client => client.Enqueue<TicketJobs>(JobsExtensions.Critical, j => j.TellAsync(number, CancellationToken.None)));
}

/// <summary>
/// Brings stored tickets up to the current schema, registers the recurring sweeps (China time) once the
/// store answers (the ticket and outbox sweep, the due-broadcasts sweep, the morning's festival care), turns the weekly anti-fraud
/// broadcast on or off as configured, and runs the sweep once soon after start: a
/// service started while Redis is down still starts, reports itself not ready, and registers it when
/// Redis is back.
/// </summary>
internal sealed partial class RecurringJobs(
    IRecurringJobManager recurring,
    IBackgroundJobClient jobs,
    TicketUpgrade upgrade,
    WeeklyAntiFraud weekly,
    IOptions<WarningOptions> warnings,
    ILogger<RecurringJobs> logger) : BackgroundService
{
    public const string Sweep = "sweep";

    /// <summary>The minutely sweep that starts due broadcasts (one recurring job for all of them).</summary>
    public const string Broadcasts = "broadcasts";

    /// <summary>The poll of the alert feeds (removed when none is configured) and the minutely sweep of warnings.</summary>
    public const string WarningPoll = "warnings-poll";
    public const string WarningSweep = "warnings-sweep";

    /// <summary>The dispatch sweep of earlier versions; removed at start.</summary>
    private const string FormerDispatchSweep = "ticket-dispatch-sweep";

    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await upgrade.RunAsync(stoppingToken).ConfigureAwait(false);
                recurring.AddOrUpdate<SweepJob>(Sweep, JobsExtensions.Default, j => j.RunAsync(CancellationToken.None), Cron.Minutely(),
                    new RecurringJobOptions { TimeZone = ChinaTime.Zone });
                recurring.RemoveIfExists(FormerDispatchSweep);
                recurring.AddOrUpdate<BroadcastSweepJob>(Broadcasts, JobsExtensions.Default, j => j.RunAsync(CancellationToken.None), Cron.Minutely(),
                    new RecurringJobOptions { TimeZone = ChinaTime.Zone });

                // One job for every festival: it looks ahead and behind, so the next morning makes up a missed one.
                recurring.AddOrUpdate<CareJob>(CareJob.Id, JobsExtensions.Default, j => j.RunAsync(CancellationToken.None), CareJob.Cron,
                    new RecurringJobOptions { TimeZone = ChinaTime.Zone });

                // One sweep for every wish: the claims due are in the store.
                recurring.AddOrUpdate<WishJob>(WishJob.Id, JobsExtensions.Default, j => j.RunAsync(CancellationToken.None), WishJob.Cron,
                    new RecurringJobOptions { TimeZone = ChinaTime.Zone });

                // One sweep for every mediation booking: the reminders due are in the store.
                recurring.AddOrUpdate<Mediation.MediationJob>(Mediation.MediationJob.Id, JobsExtensions.Default, j => j.RunAsync(CancellationToken.None), Cron.Minutely(),
                    new RecurringJobOptions { TimeZone = ChinaTime.Zone });
                await weekly.EnsureAsync(stoppingToken).ConfigureAwait(false);
                recurring.AddOrUpdate<WarningJobs>(WarningSweep, JobsExtensions.Critical, j => j.SweepAsync(CancellationToken.None), Cron.Minutely(),
                    new RecurringJobOptions { TimeZone = ChinaTime.Zone });
                if (warnings.Value.Feeds.Count > 0)
                {
                    recurring.AddOrUpdate<WarningJobs>(WarningPoll, JobsExtensions.Critical, j => j.PollAsync(CancellationToken.None), warnings.Value.PollCron,
                        new RecurringJobOptions { TimeZone = ChinaTime.Zone });
                }
                else
                {
                    recurring.RemoveIfExists(WarningPoll);
                }


                // At start, once the grace of the work a dead process left behind has passed: it is made up
                // within half a minute of a restart, not at the next minute's sweep.
                jobs.Schedule<SweepJob>(JobsExtensions.Default, j => j.RunAsync(CancellationToken.None), SweepJob.Grace + TimeSpan.FromSeconds(5));
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                NotYet(logger, ex, RetryEvery.TotalSeconds);
                await Task.Delay(RetryEvery, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "The recurring jobs could not be registered yet; trying again in {Seconds} s")]
    private static partial void NotYet(ILogger logger, Exception exception, double seconds);
}
