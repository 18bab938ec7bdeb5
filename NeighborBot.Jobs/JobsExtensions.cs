using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.Redis.StackExchange;
using NeighborBot.Broadcasts;
using NeighborBot.Jobs.Broadcasts;
using NeighborBot.Jobs.Care;
using NeighborBot.Jobs.Outbox;
using NeighborBot.Jobs.Tickets;
using NeighborBot.Jobs.Warnings;
using NeighborBot.Jobs.Wishes;
using NeighborBot.Outbox;
using NeighborBot.Storage;
using NeighborBot.Tickets;
using NeighborBot.Warnings;
using StackExchange.Redis;

namespace NeighborBot.Jobs;

/// <summary>The <c>Jobs</c> section.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Whether this process runs jobs (an API instance may leave them to separate workers).</summary>
    public bool RunServer { get; set; } = true;

    /// <summary>Hangfire workers in this process; 0 takes Hangfire's default.</summary>
    public int WorkerCount { get; set; }

    /// <summary>The workers this process runs: <see cref="WorkerCount"/>, or Hangfire's default (5 per processor, at most 20).</summary>
    public int EffectiveWorkerCount => WorkerCount > 0 ? WorkerCount : new BackgroundJobServerOptions().WorkerCount;
}

public static class JobsExtensions
{
    public const string Critical = "critical";
    public const string Default = "default";

    /// <summary>The queues, most urgent first: notifications and dispatch before housekeeping.</summary>
    public static readonly string[] Queues = [Critical, Default];

    /// <summary>
    /// Hangfire on the same store as the rest of the service: Redis storage on the shared connection,
    /// or in-memory storage for the first run. Storage and activator are registered per host (not
    /// Hangfire's process-wide defaults), so several hosts in one process keep their own jobs.
    /// </summary>
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection(JobsOptions.Section);
        services.AddOptions<JobsOptions>().Bind(section);
        var options = section.Get<JobsOptions>() ?? new JobsOptions();

        services.AddSingleton<JobStorage>(sp => sp.GetRequiredService<StoreChoice>().UsesRedis
            ? new RedisStorage(
                sp.GetRequiredService<IConnectionMultiplexer>(),
                new RedisStorageOptions
                {
                    Prefix = sp.GetRequiredService<RedisKeys>().HangfirePrefix,
                    // Workers are woken by a pub/sub notice; one that arrives between checking the queue
                    // and starting to wait is lost, and the job then waits for this timeout (default 3 min).
                    FetchTimeout = TimeSpan.FromSeconds(5),
                })
            : new InMemoryStorage());
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHostedService<HangfireLogAttachment>();
        services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(HangfireLogs.Instance));

        services.AddSingleton<IOutbox, HangfireOutbox>();
        services.AddTransient<SendMessageJob>();
        services.AddSingleton<JobQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<JobQueue>());
        services.AddSingleton<ITicketEffects, HangfireTicketEffects>();
        services.AddTransient<TicketJobs>();
        services.AddTransient<SweepJob>();
        services.AddHostedService<RecurringJobs>();
        services.AddSingleton<IBroadcastEffects, HangfireBroadcastEffects>();
        services.AddTransient<BroadcastJobs>();
        services.AddTransient<BroadcastSweepJob>();
        services.AddSingleton<FeedPolicies>();
        services.AddHttpClient<IAlertFeedReader, CapFeedReader>(http => http.MaxResponseContentBufferSize = CapFeedReader.MaxBytes)
            .RemoveAllLoggers();
        services.AddTransient<WarningJobs>();
        services.AddTransient<CareJob>();
        services.AddTransient<WishJob>();
        services.AddTransient<Mediation.MediationJob>();

        if (options.RunServer)
        {
            // Named after the host and the program (NeighborBot.Api or NeighborBot.Jobs), so the dashboard's
            // Servers page tells the API's server from the workers'.
            var serverName = $"{Environment.MachineName}-{builder.Environment.ApplicationName}";
            services.AddHangfireServer((_, server) =>
            {
                server.ServerName = serverName;
                server.Queues = Queues;
                server.WorkerCount = options.EffectiveWorkerCount;
            });
        }

        return builder;
    }
}
