namespace UmsOrleans.Engine.Adaptation;

/// <summary>
/// What an adapter was learned from and how: the method (<c>lda</c>, <c>cca</c>, <c>ridge</c>), the
/// regularisation validation chose, and the counts of vectors, distinct labels and pairs it saw.
/// </summary>
public sealed record AdapterTraining(string Method, double Regularisation, int Vectors, int Labels, int Pairs);

/// <summary>
/// One candidate regularisation and its held-out scores (top-1 and mean average precision, fractions),
/// measured on a part of the training data kept out of that candidate's fit.
/// </summary>
public sealed record ValidationScore(double Regularisation, double TopOne, double MeanAveragePrecision);
