using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using NeighborBot.Jobs;
using NeighborBot.Storage;
using NeighborBot.WeChat;

namespace NeighborBot.Api.Hosting;

/// <summary>Says at start what this instance serves and where, whether it runs jobs, and warns about the in-process store.</summary>
/// <remarks>Services are resolved once the host has started, after the configuration was validated.</remarks>
internal sealed partial class StartupReport(
    IHostApplicationLifetime lifetime,
    IOptions<JobsOptions> jobs,
    IServiceProvider services,
    ILogger<StartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            if (!services.GetRequiredService<StoreChoice>().UsesRedis)
            {
                InProcessStore(logger);
            }

            if (!jobs.Value.RunServer)
            {
                JobsLeftToWorkers(logger);
            }

            var addresses = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var account in services.GetRequiredService<WeChatAccounts>().All)
            {
                foreach (var address in addresses)
                {
                    Serving(logger, account.Name, $"{address.TrimEnd('/')}/wechat/mp/{account.Name}", account.Crypto is not null);
                }

                if (!account.RequireEncryption)
                {
                    PlaintextAccepted(logger, account.Name);
                }
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "ConnectionStrings:Redis is empty: using the in-process store. Tickets and conversations are lost when the process stops.")]
    private static partial void InProcessStore(ILogger logger);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Official Account {Account} callback: {Url} (safe mode available: {SafeMode})")]
    private static partial void Serving(ILogger logger, string account, string url, bool safeMode);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
        Message = "Official Account {Account} accepts plaintext callbacks, whose bodies nobody signs: set the console to safe mode and RequireEncryption to true")]
    private static partial void PlaintextAccepted(ILogger logger, string account);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information,
        Message = "Jobs:RunServer is false: this instance creates jobs and runs none; job workers (NeighborBot.Jobs) on the same Redis run them")]
    private static partial void JobsLeftToWorkers(ILogger logger);
}
