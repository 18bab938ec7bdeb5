using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using NeighborBot.Notifications;

namespace NeighborBot.Jobs.Notifications;

public static class NotificationJobsExtensions
{
    /// <summary>
    /// The outbox (<see cref="IOutbox"/>, backed by Hangfire) and the job that sends; includes
    /// <c>AddNotifications</c>. Needs <c>AddJobs</c> for Hangfire itself.
    /// </summary>
    public static IHostApplicationBuilder AddNotificationJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddNotificationJobs();
        return builder;
    }

    /// <summary>The same on a service collection. Safe to call twice.</summary>
    public static IServiceCollection AddNotificationJobs(this IServiceCollection services)
    {
        services.AddNotifications();
        services.Replace(ServiceDescriptor.Singleton<IOutbox, HangfireOutbox>());
        services.TryAddTransient<SendMessageJob>();
        return services;
    }
}
