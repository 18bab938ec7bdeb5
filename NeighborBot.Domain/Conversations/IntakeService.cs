using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NeighborBot.Intake;

namespace NeighborBot.Conversations;

/// <summary>
/// The analyzer built from the built-in rules plus the <c>Intake</c> section, and the learned model; rebuilt when the
/// configuration changes or the model file is replaced, so admins extend the dictionaries and deploy a retrained model
/// without a rebuild or a restart.
/// </summary>
public sealed class IntakeService : IDisposable
{
    private readonly IDisposable? _subscription;
    private readonly IntakeModelFile _model;
    private IntakeRules _rules;
    private IntakeAnalyzer _analyzer;

    public IntakeService(IOptionsMonitor<IntakeOptions> options, TimeProvider time, ILogger<IntakeService> logger)
    {
        _model = new IntakeModelFile(options.CurrentValue.ModelPath, time, logger);
        _rules = IntakeRules.Default.Merge(options.CurrentValue);
        _analyzer = new IntakeAnalyzer(_rules, _model.Current);
        _model.Changed += model => Volatile.Write(ref _analyzer, new IntakeAnalyzer(Volatile.Read(ref _rules), model));
        _subscription = options.OnChange(changed =>
        {
            Volatile.Write(ref _rules, IntakeRules.Default.Merge(changed));
            Volatile.Write(ref _analyzer, new IntakeAnalyzer(_rules, _model.Current));
        });
    }

    /// <summary>The model in use (what it was trained on is in its description).</summary>
    public IntakeModel Model => Volatile.Read(ref _analyzer).Model!;

    public IntakeResult Analyze(string text) => Volatile.Read(ref _analyzer).Analyze(text);

    public IntakeLocation? ExtractLocation(string text) => Volatile.Read(ref _analyzer).ExtractLocation(text);

    public void Dispose()
    {
        _subscription?.Dispose();
        _model.Dispose();
    }
}
