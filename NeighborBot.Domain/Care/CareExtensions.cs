using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace NeighborBot.Care;

public static class CareExtensions
{
    /// <summary>Festival care: the calendar, the day's run and the book of visits. The store comes with the stores, the daily job with the jobs, the chat with the conversations.</summary>
    public static IHostApplicationBuilder AddCare(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<FestivalOptions>().BindConfiguration(FestivalOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<FestivalOptions>, FestivalOptionsValidator>();
        services.AddSingleton<FestivalCalendar>();
        services.AddSingleton<FestivalCare>();
        services.AddSingleton<VisitBook>();
        return builder;
    }
}
