using Hangfire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NeighborBot.Tickets;

namespace NeighborBot.Jobs.Tickets;

/// <summary>
/// The ticket loop's jobs. Each takes the ticket number, reads the ticket when it runs and does
/// nothing when the ticket has moved on, so a retried or late job is harmless.
/// </summary>
public sealed class TicketJobs(TicketWorkflow workflow)
{
    /// <summary>Routes and assigns a new ticket. Retried: a ticket must not stay unassigned because of a passing failure.</summary>
    [AutomaticRetry(Attempts = 8)]
    public Task DispatchAsync(string number, CancellationToken cancellationToken) =>
        workflow.DispatchAsync(number, cancellationToken);

    [AutomaticRetry(Attempts = 5)]
    public Task CheckDeadlineAsync(string number, Deadline deadline, int level, CancellationToken cancellationToken) =>
        workflow.CheckDeadlineAsync(number, deadline, level, cancellationToken);

    /// <summary>Every few minutes: dispatches tickets whose dispatch job was lost. Not retried: the next run comes soon.</summary>
    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 0)]
    public Task SweepAsync(CancellationToken cancellationToken) => workflow.DispatchStrandedAsync(cancellationToken);

    [AutomaticRetry(Attempts = 5)]
    public Task FollowUpAsync(string number, FollowUp step, CancellationToken cancellationToken) =>
        workflow.FollowUpAsync(number, step, cancellationToken);
}

/// <summary>Schedules the ticket jobs with Hangfire (through <see cref="JobQueue"/>, never blocking the caller); a new ticket is dispatched right away.</summary>
internal sealed class HangfireTicketTimers(JobQueue jobs, TimeProvider time) : ITicketTimers, ITicketObserver
{
    public Task OpenedAsync(Ticket ticket, CancellationToken cancellationToken) => DispatchAsync(ticket.Number, cancellationToken);

    public Task DispatchAsync(string number, CancellationToken cancellationToken)
    {
        jobs.Post(client => client.Enqueue<TicketJobs>(JobsExtensions.Critical, j => j.DispatchAsync(number, CancellationToken.None)));
        return Task.CompletedTask;
    }

    public Task CheckDeadlineAsync(string number, Deadline deadline, int level, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var delay = Delay(at);
        jobs.Post(client => client.Schedule<TicketJobs>(JobsExtensions.Critical, j => j.CheckDeadlineAsync(number, deadline, level, CancellationToken.None), delay));
        return Task.CompletedTask;
    }

    public Task FollowUpAsync(string number, FollowUp step, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var delay = Delay(at);
        jobs.Post(client => client.Schedule<TicketJobs>(JobsExtensions.Default, j => j.FollowUpAsync(number, step, CancellationToken.None), delay));
        return Task.CompletedTask;
    }

    /// <summary>Delays are measured on our clock (TimeProvider), so tests with a fake clock schedule what they mean.</summary>
    private TimeSpan Delay(DateTimeOffset at)
    {
        var delay = at - time.GetUtcNow();
        return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
    }
}

/// <summary>
/// Registers the recurring jobs (China time) once the store answers: a service started while
/// Redis is down still starts, reports itself not ready, and registers them when Redis is back.
/// </summary>
internal sealed partial class RecurringTicketJobs(IRecurringJobManager recurring, ILogger<RecurringTicketJobs> logger) : BackgroundService
{
    public const string DispatchSweep = "ticket-dispatch-sweep";
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                recurring.AddOrUpdate<TicketJobs>(DispatchSweep, JobsExtensions.Default, j => j.SweepAsync(CancellationToken.None), "*/5 * * * *",
                    new RecurringJobOptions { TimeZone = ChinaTime.Zone });
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
