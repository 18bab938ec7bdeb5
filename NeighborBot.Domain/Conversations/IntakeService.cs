using Microsoft.Extensions.Options;
using NeighborBot.Intake;

namespace NeighborBot.Conversations;

/// <summary>
/// The analyzer built from the built-in rules plus the <c>Intake</c> section; rebuilt when the
/// configuration changes, so admins extend the dictionaries without a rebuild or a restart.
/// </summary>
public sealed class IntakeService : IDisposable
{
    private readonly IDisposable? _subscription;
    private IntakeAnalyzer _analyzer;

    public IntakeService(IOptionsMonitor<IntakeOptions> options)
    {
        _analyzer = Build(options.CurrentValue);
        _subscription = options.OnChange(changed => Volatile.Write(ref _analyzer, Build(changed)));
    }

    public IntakeResult Analyze(string text) => Volatile.Read(ref _analyzer).Analyze(text);

    public IntakeLocation? ExtractLocation(string text) => Volatile.Read(ref _analyzer).ExtractLocation(text);

    public void Dispose() => _subscription?.Dispose();

    private static IntakeAnalyzer Build(IntakeOptions options) => new(IntakeRules.Default.Merge(options));
}
