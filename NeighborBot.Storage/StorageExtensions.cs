using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NeighborBot.Accounts;
using NeighborBot.Broadcasts;
using NeighborBot.Care;
using NeighborBot.Wishes;
using NeighborBot.Conversations;
using NeighborBot.Directory;
using NeighborBot.Groups;
using NeighborBot.Outbox;
using NeighborBot.Tickets;
using NeighborBot.Warnings;
using StackExchange.Redis;

namespace NeighborBot.Storage;

/// <summary>The <c>Redis</c> section (the connection itself is <c>ConnectionStrings:Redis</c>).</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>Starts every key; lets several deployments or test runs share one Redis.</summary>
    public string KeyPrefix { get; set; } = RedisKeys.DefaultPrefix;
}

/// <summary>
/// Registered by a process that cannot work on the in-process store in any environment (a job worker
/// beside the API), with the reason that start-up gives when <c>ConnectionStrings:Redis</c> is empty.
/// </summary>
public sealed record RedisRequired(string Why);

/// <summary>
/// Refuses the in-process store in Production, where it would forget every ticket on restart, and
/// wherever <see cref="RedisRequired"/> says so.
/// </summary>
internal sealed class RedisOptionsValidator(IConfiguration configuration, IHostEnvironment environment, IEnumerable<RedisRequired> required)
    : IValidateOptions<RedisOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(configuration.GetConnectionString(StoreChoice.ConnectionStringName)))
        {
            if (required.FirstOrDefault() is { } requirement)
            {
                failures.Add($"ConnectionStrings:Redis is required: {requirement.Why}");
            }
            else if (environment.IsProduction())
            {
                failures.Add("ConnectionStrings:Redis is required in Production: the in-process store forgets everything on restart.");
            }
        }

        if (string.IsNullOrWhiteSpace(options.KeyPrefix) || options.KeyPrefix.IndexOfAny(['{', '}', ' ']) >= 0)
        {
            failures.Add("Redis:KeyPrefix must be a non-empty word without braces or spaces.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Which store this process uses, decided once at start-up.</summary>
public sealed record StoreChoice(bool UsesRedis)
{
    public const string ConnectionStringName = "Redis";
}

public static class StorageExtensions
{
    /// <summary>
    /// Redis when <c>ConnectionStrings:Redis</c> is set; otherwise the in-process store, which
    /// Production refuses because it forgets every ticket and conversation on restart.
    /// </summary>
    public static IHostApplicationBuilder AddStores(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<RedisOptions>().Bind(builder.Configuration.GetSection(RedisOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RedisOptions>, RedisOptionsValidator>();
        var connection = builder.Configuration.GetConnectionString(StoreChoice.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connection))
        {
            services.AddSingleton(new StoreChoice(UsesRedis: false));
            services.AddSingleton<InProcessMap>();
            services.AddSingleton<IDedupeStore, InProcessDedupeStore>();
            services.AddSingleton<INonceStore, InProcessNonceStore>();
            services.AddSingleton<ISequenceStore, InProcessSequenceStore>();
            services.AddSingleton<IConversationStore, InProcessConversationStore>();
            services.AddSingleton<ITicketStore, InProcessTicketStore>();
            services.AddSingleton<IDirectoryStore, InProcessDirectoryStore>();
            services.AddSingleton<IBindingRequests, InProcessBindingRequests>();
            services.AddSingleton<IRateLimiter, InProcessRateLimiter>();
            services.AddSingleton<IMessageStore, InProcessMessageStore>();
            services.AddSingleton<IAccessTokenStore, InProcessAccessTokenStore>();
            services.AddSingleton<IGroupStore, InProcessGroupStore>();
            services.AddSingleton<IBroadcastStore, InProcessBroadcastStore>();
            services.AddSingleton<IWarningStore, InProcessWarningStore>();
            services.AddSingleton<ICareStore, InProcessCareStore>();
            services.AddSingleton<IWishStore, InProcessWishStore>();
            services.AddSingleton<NeighborBot.Mediation.IMediationStore, InProcessMediationStore>();
            services.AddSingleton<IAccountStore, InProcessAccountStore>();
            services.AddSingleton<ISendLog>(sp => sp.GetRequiredService<IMessageStore>());
            return builder;
        }

        var configuration = ConfigurationOptions.Parse(connection);
        configuration.AbortOnConnectFail = false;
        var prefix = builder.Configuration.GetSection(RedisOptions.Section).Get<RedisOptions>()?.KeyPrefix ?? RedisKeys.DefaultPrefix;

        services.AddSingleton(new StoreChoice(UsesRedis: true));
        services.AddSingleton(new RedisKeys(prefix));
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(configuration));
        services.AddSingleton<IDedupeStore, RedisDedupeStore>();
        services.AddSingleton<INonceStore, RedisNonceStore>();
        services.AddSingleton<ISequenceStore, RedisSequenceStore>();
        services.AddSingleton<IConversationStore, RedisConversationStore>();
        services.AddSingleton<ITicketStore, RedisTicketStore>();
        services.AddSingleton<IDirectoryStore, RedisDirectoryStore>();
        services.AddSingleton<IBindingRequests, RedisBindingRequests>();
        services.AddSingleton<IRateLimiter, RedisRateLimiter>();
        services.AddSingleton<IMessageStore, RedisMessageStore>();
        services.AddSingleton<IAccessTokenStore, RedisAccessTokenStore>();
        services.AddSingleton<IGroupStore, RedisGroupStore>();
        services.AddSingleton<IBroadcastStore, RedisBroadcastStore>();
        services.AddSingleton<IWarningStore, RedisWarningStore>();
        services.AddSingleton<ICareStore, RedisCareStore>();
        services.AddSingleton<IWishStore, RedisWishStore>();
        services.AddSingleton<NeighborBot.Mediation.IMediationStore, RedisMediationStore>();
        services.AddSingleton<IAccountStore, RedisAccountStore>();
        services.AddSingleton<ISendLog>(sp => sp.GetRequiredService<IMessageStore>());
        return builder;
    }
}
