using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Participants;

namespace FunctionsMcp.Ndis.Medications;

/// <summary>
/// Demo medications for the local run: for each demo participant, the same zero to three medications every time
/// (fixed seed, fixed ids), so loading them again changes nothing. Prescribers are invented.
/// </summary>
public static class DemoMedications
{

    private static readonly (string Name, string Dose, MedicationRoute Route, string Frequency, string? Notes)[] s_medications =
    [
        ("Paracetamol", "1 g", MedicationRoute.Oral, "Every 6 hours as needed, at most 4 g a day", "PRN for pain"),
        ("Sodium valproate", "500 mg", MedicationRoute.Oral, "Twice daily", "Take with food"),
        ("Levetiracetam", "750 mg", MedicationRoute.Oral, "Twice daily", null),
        ("Risperidone", "1 mg", MedicationRoute.Oral, "At night", null),
        ("Sertraline", "50 mg", MedicationRoute.Oral, "Once daily in the morning", null),
        ("Baclofen", "10 mg", MedicationRoute.Oral, "Three times daily", "Do not stop suddenly"),
        ("Salbutamol", "100 microgram, 2 puffs", MedicationRoute.Inhaled, "Every 4 hours as needed", "Use a spacer"),
        ("Movicol", "1 sachet", MedicationRoute.Oral, "Once daily", "Dissolve in 125 mL water"),
        ("Melatonin", "2 mg", MedicationRoute.Oral, "At bedtime", null),
        ("Insulin glargine", "20 units", MedicationRoute.Subcutaneous, "Once daily at 9 pm", "Check blood glucose before dose"),
        ("Midazolam", "5 mg", MedicationRoute.Other, "For a seizure lasting over 5 minutes", "Buccal; follow the seizure management plan"),
        ("Vitamin D", "1000 IU", MedicationRoute.Oral, "Once daily", null),
    ];

    private static readonly string[] s_prescribers = ["Dr Anika Shah (GP)", "Dr Tom Reilly (neurologist)", "Dr Mei Lin (psychiatrist)", "Dr Sam Okafor (GP)", "Dr Lucy Hart (rehabilitation physician)"];

    /// <summary>The medications of <paramref name="participants"/> (one organization's demo participants).</summary>
    public static IReadOnlyList<Medication> For(string organizationId, IReadOnlyList<Participant> participants, DateOnly today)
    {
        Random random = DemoIds.For(organizationId, 29);
        var medications = new List<Medication>();
        foreach (Participant participant in participants)
        {
            int count = random.Next(4);
            foreach (int choice in Enumerable.Range(0, s_medications.Length).OrderBy(_ => random.Next()).Take(count).ToList())
            {
                (string name, string dose, MedicationRoute route, string frequency, string? notes) = s_medications[choice];
                DateOnly start = today.AddDays(-random.Next(30, 1500));
                DateOnly? end = random.Next(5) == 0 ? today.AddDays(random.Next(10, 120)) : null;
                medications.Add(new Medication(
                    DemoIds.Next(random, Medication.IdPrefix),
                    participant.Id, name, dose, route, frequency, s_prescribers[random.Next(s_prescribers.Length)], start, end, notes));
            }
        }

        return medications;
    }
}
