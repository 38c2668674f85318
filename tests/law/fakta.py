"""Facts shared by the law tests: a case in which every condition of § 116 is met."""

# En sag, hvor alle betingelser i § 116 er opfyldt (som kontraktens sag "fuldt-oplyst-bevilling").
FULDT_OPLYST = {
    "afgørelsesdato": "2024-06-01",
    "fødselsdato": "1965-03-10",
    "modtager_førtidspension": False,
    "modtager_seniorpension": False,
    "har_udnyttet_ret_til_tidlig_pension": False,
    "kan_arbejde_på_ordinære_vilkår": False,
    "kan_ansættes_efter_sociale_kapitler": False,
    "arbejdsevne_væsentligt_nedsat": True,
    "arbejdsevne_varigt_nedsat": True,
    "nedsættelse_dokumenteret": True,
    "begrænset_funktionsnedsættelse_og_gode_ressourcer": False,
    "funktionsnedsættelse_modstrider_funktionsniveau_i_hjemmet": False,
    "ressourcer_til_omfattende_fritidsinteresser": False,
    "problemer_skyldes_midlertidige_forhold": False,
    "problemer_vedrører_bestemt_erhvervsområde": False,
    "problemer_skyldes_arbejdsmiljø": False,
    "aktuelt_meget_begrænset_arbejdsevne": False,
    "relevante_tilbud_afprøvet": True,
    "afprøvning_åbenbart_formålsløs": False,
}

SEKS_HENSYN_IMOD = (
    "begrænset_funktionsnedsættelse_og_gode_ressourcer",
    "funktionsnedsættelse_modstrider_funktionsniveau_i_hjemmet",
    "ressourcer_til_omfattende_fritidsinteresser",
    "problemer_skyldes_midlertidige_forhold",
    "problemer_vedrører_bestemt_erhvervsområde",
    "problemer_skyldes_arbejdsmiljø",
)
