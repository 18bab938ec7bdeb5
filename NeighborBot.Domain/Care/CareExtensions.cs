using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NeighborBot.Conversations;

namespace NeighborBot.Care;

public static class CareExtensions
{
    /// <summary>Festival care: the calendar, the day's run and the book of visits. Visits in the chat; the store comes with the stores, the daily job with the jobs.</summary>
    public static IHostApplicationBuilder AddCare(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<FestivalOptions>().BindConfiguration(FestivalOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<FestivalOptions>, FestivalOptionsValidator>();
        services.AddSingleton<FestivalCalendar>();
        services.AddSingleton<FestivalCare>();
        services.AddSingleton<VisitBook>();
        services.AddSingleton<IChatFeature, VisitChat>();
        return builder;
    }
}
