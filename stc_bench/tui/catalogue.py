"""The TUI's message catalogue: English labels (the keys) and their Norwegian (bokmål)
versions, and what each action of the coding trail did (for undo and redo notices)."""

from __future__ import annotations

NB: dict[str, str] = {
    # app-wide keys and step names
    "Overview": "Oversikt", "Step 1": "Trinn 1", "Step 2": "Trinn 2", "Step 3": "Trinn 3",
    "Step 4": "Trinn 4", "Steps": "Trinn", "Coverage": "Dekning", "Records": "Registre",
    "Undo": "Angre", "Redo": "Gjør om", "Help": "Hjelp", "Quit": "Avslutt",
    "Undo/redo": "Angre/gjør om", "Norsk/English": "Norsk/English",
    "Labels in English": "Etiketter på engelsk", "Labels in Norwegian": "Etiketter på norsk",
    "No theme {name!r}: using the default (themes: {names})":
        "Ingen tema {name!r}: bruker standard (temaer: {names})",
    "kept in": "lagret i", "labels in Norwegian / English": "etiketter på norsk / engelsk", "as {actor}": "som {actor}",
    "review (read only)": "gjennomgang (bare lesing)",
    "waiting for the project…": "venter på prosjektet…",
    "Previous code group": "Forrige kodegruppe", "Next code group": "Neste kodegruppe",
    "(no subgroup yet: n makes one)": "(ingen subgruppe ennå: n lager en)",
    "(no condensate yet: e writes it)": "(ikke noe kondensat ennå: e skriver det)",
    "Make a subgroup first (n)": "Lag en subgruppe først (n)",
    "Next step": "Neste trinn", "Previous step": "Forrige trinn", "step": "trinn",
    "the previous / next step (also where digits are taken)":
        "forrige / neste trinn (også der sifrene er i bruk)",
    "In context": "I kontekst", "Back": "Tilbake",
    "Cancel": "Avbryt", "Close": "Lukk", "Save": "Lagre", "Refresh": "Oppdater",
    "Read transcript": "Les transkripsjon",
    # step 1
    "Transcript": "Transkripsjon", "Add theme": "Nytt tema", "Rename": "Gi nytt navn",
    "Describe": "Beskriv", "Notes": "Notater", "Delete": "Slett", "Move up": "Flytt opp",
    "Move down": "Flytt ned", "→ code group": "→ kodegruppe", "→ subgroup": "→ subgruppe",
    "Save memo": "Lagre notat", "Memo": "Notat", "Themes": "Temaer",
    "From the guide": "Fra guiden", "Adopt the checked": "Ta i bruk de avkryssede",
    "Template analysis: code groups proposed from the interview guide":
        "Malanalyse: kodegrupper foreslått fra intervjuguiden",
    "Total impression (helhetsinntrykk)": "Helhetsinntrykk",
    "Preliminary themes": "Foreløpige temaer",
    "New preliminary theme": "Nytt foreløpig tema", "Rename theme": "Gi temaet nytt navn",
    "Describe {name!r}": "Beskriv {name!r}", "Where was {name!r} seen?": "Hvor så du {name!r}?",
    # step 2
    "Next": "Neste", "Prev": "Forrige", "Mark/accept": "Marker/godta", "Code": "Kod",
    "Uncode": "Fjern koding", "Select turn": "Velg tur", "Delete unit": "Slett enhet",
    "Split at caret": "Del ved markøren", "Merge with next": "Slå sammen med neste",
    "Suggest": "Foreslå", "Suggest in all transcripts": "Foreslå i alle transkripsjoner",
    "Next suggestion": "Neste forslag", "Previous suggestion": "Forrige forslag",
    "Dismiss suggestion": "Avvis forslag", "Accept + code": "Godta og kod",
    "Uncoded text": "Ukodet tekst", "Previous uncoded text": "Forrige ukodede tekst",
    "Grow end": "Utvid slutt", "Shrink end": "Krymp slutt", "Grow start": "Utvid start",
    "Shrink start": "Krymp start", "Search": "Søk",
    # steps 3 and 4
    "Code group": "Kodegruppe", "Assign": "Plasser",
    "New subgroup": "Ny subgruppe", "Rename subgroup": "Gi subgruppen nytt navn",
    "Golden quote": "Gullsitat", "Condensate": "Kondensat", "Headings": "Overskrifter",
    "Analytic text": "Analytisk tekst", "Insert quote": "Sett inn sitat", "Validate": "Valider",
    "Edit quote": "Rediger sitat", "Remove quote": "Fjern sitat", "Quote up": "Sitat opp",
    "Quote down": "Sitat ned", "Quotes": "Sitater",
    "Meaning units (1–9: assign to subgroup)": "Meningsbærende enheter (1–9: til subgruppe)",
    "Subgroups": "Subgrupper",
    "Condensate (first person)": "Kondensat (første person)",
    "Headings: the code group and its subgroups": "Overskrifter: kodegruppen og subgruppene",
    "Analytic text (third person: the results chapter)":
        "Analytisk tekst (tredje person: resultatkapitlet)",
    "Units (i: quote · v: validate · o: in context)":
        "Enheter (i: siter · v: valider · o: i kontekst)",
    "Quotes in order (t: edit · x: remove · ^↑/^↓: move)":
        "Sitater i rekkefølge (t: rediger · x: fjern · ^↑/^↓: flytt)",
    "Re-read: confirmed": "Lest i kontekst: bekreftet", "Questioned": "Tvilsom",
    "Next unit": "Neste enhet", "Previous unit": "Forrige enhet",
    # coverage and records
    "Informants × subgroups (units per cell)": "Informanter × subgrupper (enheter per celle)",
    "Roles × subgroups (units per cell)": "Roller × subgrupper (enheter per celle)",
    "By role": "Per rolle", "(no informant)": "(uten informant)",
    "Rows per role (focus groups, mixed studies) or per informant":
        "Rader per rolle (fokusgrupper, blandede studier) eller per informant",
    "Coded share per transcript": "Kodet andel per transkripsjon",
    "Data management": "Datahåndtering", "Informants": "Informanter",
    "Interview guides": "Intervjuguider", "Edit": "Rediger", "Attributes": "Attributter",
    "Consent": "Samtykke", "New guide": "Ny guide", "Link guide": "Koble guide",
    "Next list": "Neste liste",
    "silent": "taus", "Informant": "Informant", "Total": "Totalt", "Units": "Enheter",
    "Coded": "Kodet", "Turns": "Turer", "Words": "Ord",
    "No subgroups yet: make them in step 3.": "Ingen subgrupper ennå: lag dem i trinn 3.",
    "No method warnings.": "Ingen metodevarsler.",
    "used by": "brukt i", "No guide recorded": "Ingen guide registrert",
    "no attributes": "ingen attributter", "consent": "samtykke", "not recorded": "ikke registrert",
    "given": "gitt", "pending": "venter", "withdrawn": "trukket",
    "Attributes of": "Attributter for", "Date of consent": "Dato for samtykke",
    "Move to an informant first (tab)": "Gå til en informant først (tab)",
    "Title of the new interview guide version": "Tittel på den nye versjonen av intervjuguiden",
    "Add a guide (n) and import transcripts first":
        "Legg til en guide (n) og importer transkripsjoner først",
    "Which guide version?": "Hvilken guideversjon?", "Which interview?": "Hvilket intervju?",
    "Ethics reference (REK)": "Etisk referanse (REK)", "Sikt reference": "Sikt-referanse",
    "Where recordings are kept": "Hvor opptakene oppbevares",
    "Where the name key is kept": "Hvor koblingsnøkkelen oppbevares",
    "Planned deletion date": "Planlagt slettedato", "Actual deletion date": "Faktisk slettedato",
    "Who has access (comma-separated)": "Hvem har tilgang (kommaseparert)",
    "subgroup": "subgruppe", "in": "i", "code group": "kodegruppe",
    "No code groups yet: promote a theme into one first (g)":
        "Ingen kodegrupper ennå: gjør et tema til en først (g)",
    "subgroup of which code group?": "subgruppe i hvilken kodegruppe?",
    "heading": "overskrift", "another code group": "en annen kodegruppe", "headings": "overskrifter",
    "Chapter heading": "Kapitteloverskrift", "List label": "Navn i listen",
    "Discussion heading": "Overskrift i diskusjonen", "Internal name": "Internt navn",
    "Subgroup heading": "Subgruppens overskrift", "No code group yet": "Ingen kodegruppe ennå",
    "Which heading?": "Hvilken overskrift?", "save": "lagre", "cancel": "avbryt",
    "Transcript (exact words)": "Transkripsjonen (nøyaktige ord)",
    "Lead-in sentence": "Innledende setning",
    "Display text: cut with (…), replace with [role]":
        "Sitattekst: kutt med (…), erstatt med [rolle]",
    "Difference to the transcript": "Forskjell fra transkripsjonen",
    "faithful to the transcript (cuts and replacements marked)":
        "tro mot transkripsjonen (kutt og erstatninger er markert)",
    "No quote here yet: insert one from the units (i)":
        "Ingen sitater her ennå: sett inn et fra enhetene (i)",
    "Saved the quote": "Lagret sitatet", "Removed quote": "Fjernet sitat",
    "Move to a quote first (the quotes list)": "Gå til et sitat først (sitatlisten)",
    "Nothing to show in context here: move to a meaning unit, a condensate or a quote":
        "Ingenting å vise i kontekst her: gå til en meningsbærende enhet, et kondensat eller et sitat",
    "the overview / a step": "oversikten / et trinn", "coverage / records": "dekning / registre",
    "a unit, condensate or quote in its transcript (Esc: back)":
        "en enhet, et kondensat eller et sitat i transkripsjonen (Esc: tilbake)",
    "undo / redo (kept in the trail)": "angre / gjør om (bevares i sporet)",
    "every action by name": "alle handlinger etter navn", "this help": "denne hjelpen",
    # step 2: coding with digits, sentence keys, focus
    "Code into group": "Kod i gruppe", "Filter": "Filter",
    "Sentence more at end": "Én setning mer i slutten", "Sentence less at end": "Én setning mindre i slutten",
    "Sentence more at start": "Én setning mer i starten", "Sentence less at start": "Én setning mindre i starten",
    "Split": "Del", "Join next": "Slå sammen med neste forslag",
    "Word more at end": "Ett ord mer i slutten", "Word less at end": "Ett ord mindre i slutten",
    "Word more at start": "Ett ord mer i starten", "Word less at start": "Ett ord mindre i starten",
    "Unit {id} taken out of {group}": "Enhet {id} tatt ut av {group}",
    "No code groups yet — c or a makes one from a theme or a new name":
        "Ingen kodegrupper ennå — c eller a lager en av et tema eller et nytt navn",
    "+{n} more: c": "+{n} til: c",
    "No code group {n}: c or a picks or makes one": "Ingen kodegruppe {n}: c eller a velger eller lager en",
    "Move to a meaning unit or suggestion first (n/p, N/P)":
        "Gå til en meningsbærende enhet eller et forslag først (n/p, N/P)",
    "No later suggestion in this transcript to join": "Ingen senere forslag i denne transkripsjonen å slå sammen med",
    "No further sentence that way": "Ingen flere setninger den veien",
    "Only one sentence here: nothing to split": "Bare én setning her: ingenting å dele",
    "Accept suggestion and code into…": "Godta forslaget og kod i …",
    "No more meaning units or suggestions after this place": "Ingen flere enheter eller forslag etter dette stedet",
    "No more meaning units or suggestions before this place": "Ingen flere enheter eller forslag før dette stedet",
    "No more suggestions after this place": "Ingen flere forslag etter dette stedet",
    "No more suggestions before this place": "Ingen flere forslag før dette stedet",
    "All informant text after this place is in a meaning unit":
        "All informanttekst etter dette stedet er i en meningsbærende enhet",
    "All informant text before this place is in a meaning unit":
        "All informanttekst før dette stedet er i en meningsbærende enhet",
    "type to filter…": "skriv for å filtrere …", "Open transcript": "Åpne transkripsjon",
    "Edit quote {id} — ctrl+s: save · Esc: cancel": "Rediger sitat {id} — ctrl+s: lagre · Esc: avbryt",
    "Removed quote {id} (ctrl+z)": "Fjernet sitat {id} (ctrl+z)",
    # moving in lists and the transcript
    "Down": "Ned", "Up": "Opp", "Page down": "Side ned", "Page up": "Side opp", "First": "Første",
    "Last": "Siste", "Select": "Velg", "Next word": "Neste ord", "Previous word": "Forrige ord",
    "Select word →": "Merk ord →", "Select word ←": "Merk ord ←",
    "Select sentence ↓": "Merk setning ↓", "Select sentence ↑": "Merk setning ↑",
    "Clear selection": "Fjern merkingen",
    "Meaning units": "Meningsbærende enheter", "Outline": "Disposisjon", "Transcripts": "Transkripsjoner",
    "Hits": "Treff", "Coded share": "Kodet andel", "Quote": "Sitat",
    "Suggestion — 1–9: accept and code · enter: accept · ] [ { }: a sentence more/less · j: join next · s: split · r: dismiss · N/P: next/previous":
        "Forslag — 1–9: godta og kod · enter: godta · ] [ { }: én setning mer/mindre · j: slå sammen med neste · s: del · r: avvis · N/P: neste/forrige",
    "Selected {words} — 1–9: mark and code · enter: mark as meaning unit":
        "Merket {words} — 1–9: marker og kod · enter: marker som meningsbærende enhet",
    "n/p: next/previous · N/P: suggestions · shift+arrows: select · t: turn · S: suggest · w: uncoded text · ?: help":
        "n/p: neste/forrige · N/P: forslag · shift+piler: merk · t: tur · S: foreslå · w: ukodet tekst · ?: hjelp",
    "uncoded — 1–9 or c: code it": "ukodet — 1–9 eller c: kod den",
    "Uncoded informant text ({words}) — 1–9: mark and code · enter: mark · w/W: next/previous":
        "Ukodet informanttekst ({words}) — 1–9: marker og kod · enter: marker · w/W: neste/forrige",
    "Comment": "Kommenter", "Comments": "Kommentarer", "Open": "Åpne", "Mine": "Mine",
    "Resolved": "Løst", "Answer": "Svar", "Resolve": "Løs", "Go to": "Gå til",
    "theme": "tema", "meaning unit": "meningsbærende enhet",
    "condensate": "kondensat", "analytic text": "analytisk tekst", "quote": "sitat",
    "transcript": "transkripsjon", "comment": "kommentar",
    "o open · m mine · r resolved · enter: go to it · a: answer · x: resolve · Esc: close":
        "o åpne · m mine · r løste · enter: gå dit · a: svar · x: løs · Esc: lukk",
    "Open comments": "Åpne kommentarer", "My comments": "Mine kommentarer",
    "Resolved comments": "Løste kommentarer",
    "resolved by {who}": "løst av {who}",
    "No comments here. k comments on what a screen has current.":
        "Ingen kommentarer her. k kommenterer det som er valgt på en skjerm.",
    "Answer {author}": "Svar {author}",
    "Nothing to comment on here: move to a theme, a unit, a subgroup or a text":
        "Ingenting å kommentere her: gå til et tema, en enhet, en subgruppe eller en tekst",
    "Comment on {what} saved (K lists comments)": "Kommentar til {what} lagret (K viser kommentarene)",
    "Comment on {what}": "Kommentar til {what}",
    "That object is no longer in the project": "Det finnes ikke lenger i prosjektet",
    "Changes since my review": "Endringer siden min gjennomgang", "Mark as reviewed": "Marker som gjennomgått",
    "Project": "Prosjekt", "boundaries {old} → {new}": "grenser {old} → {new}",
    "enter: go to it · m: mark everything as reviewed · Esc: close":
        "enter: gå dit · m: marker alt som gjennomgått · Esc: lukk",
    "since your last review mark": "siden din siste gjennomgang", "since the start": "siden starten",
    "{changes} {since} ({who})": "{changes} {since} ({who})",
    "Nothing has changed since your last review mark.": "Ingenting er endret siden din siste gjennomgang.",
    "Marked as reviewed up to event {seq}": "Markert som gjennomgått til og med hendelse {seq}",
    # the supervisor: tracing a claim (tui/trace.py)
    "Trace a claim": "Spor en påstand", "Trace": "Spor", "Follow": "Følg",
    "The results chapter": "Resultatkapitlet", "Subgroup": "Subgruppe",
    "enter: follow · Esc: back one level": "enter: følg · Esc: ett nivå tilbake",
    "{units}, {v} re-read in context": "{units}, {v} lest i kontekst",
    "(none yet)": "(ingen ennå)", "golden quote": "gullsitat",
    "No subgroup behind this text yet": "Ingen subgruppe bak denne teksten ennå",
    # memos on anything (tui/memos.py, tui/supervisor.py)
    "Memos": "Notater", "the project": "prosjektet", "Search the memos": "Søk i notatene",
    "type to search · ↓: the list · enter: go to it · Esc: close":
        "skriv for å søke · ↓: listen · enter: gå dit · Esc: lukk",
    "Memos ({n})": "Notater ({n})",
    "No memos here. M writes one on what a screen has current.":
        "Ingen notater her. M skriver et om det som er valgt på en skjerm.",
    "Nothing to write a memo on here: move to a transcript, a unit, a code group, a subgroup or a text":
        "Ingenting å skrive notat om her: gå til en transkripsjon, en enhet, en kodegruppe, en subgruppe eller en tekst",
    "Memo on {what} saved (L lists memos)": "Notat om {what} lagret (L viser notatene)",
    "Memo on {what}": "Notat om {what}", "memo": "notat", "List": "Liste",
    # the passphrase of an encrypted project (tui/passphrase.py)
    "{path} is encrypted: its passphrase": "{path} er kryptert: passordfrasen",
    "Passphrase": "Passordfrase", "Enter opens the project · Esc quits":
        "Enter åpner prosjektet · Esc avslutter",
    "Wrong passphrase: try again (Esc quits)": "Feil passordfrase: prøv igjen (Esc avslutter)",
    # who is acting (tui/identity.py)
    "Who are you? The coding trail names you in every event.":
        "Hvem er du? Kodesporet navngir deg i hver hendelse.",
    "Your name": "Navnet ditt", "Your role (enter chooses):": "Rollen din (enter velger):",
    "Kept in your config file; --as NAME acts as someone else for one run.":
        "Lagres i konfigurasjonsfilen din; --as NAVN handler som en annen for én kjøring.",
    "Your name cannot be empty": "Navnet kan ikke være tomt",
    "student": "student", "supervisor": "veileder", "coder": "medkoder",
    "You act as {name} ({role}); kept in {path}": "Du handler som {name} ({role}); lagret i {path}",
    "review (read only) by {who}": "gjennomgang (bare lesing) av {who}",
    # the supervisor's checklist (tui/checklist.py)
    "Supervisor's checklist": "Veilederens sjekkliste",
    "The supervisor's checklist": "Veilederens sjekkliste",
    "Subgroups: condensate, golden quote, analytic text, validation":
        "Subgrupper: kondensat, gullsitat, analytisk tekst, validering",
    "No subgroups yet.": "Ingen subgrupper ennå.",
    "condensate ({units})": "kondensat ({units})",
    "analytic text ({words}, {quotes})": "analytisk tekst ({words}, {quotes})",
    "re-read in context {v}/{n} ({questioned})": "lest i kontekst {v}/{n} ({questioned})",
    "Quotes that differ from the transcript": "Sitater som avviker fra transkripsjonen",
    "Every quote has the transcript's words.": "Alle sitater har transkripsjonens ord.",
    "Quote {id}": "Sitat {id}",
    "Transcripts: coded informant text, interviewer text in units":
        "Transkripsjoner: kodet informanttekst, intervjuertekst i enheter",
    "{p}% of {n} informant words coded": "{p} % av {n} informantord kodet",
    "{words} in {units}": "{words} i {units}",
    "Informants × subgroups": "Informanter × subgrupper", "silent: {who}": "taus: {who}",
    "Quotes per informant": "Sitater per informant",
    "{who} is quoted {n} times ({p}% of the quotes): readers may recognise them":
        "{who} siteres {n} ganger ({p} % av sitatene): leserne kan kjenne personen igjen",
    "(merged into {name})": "(slått sammen med {name})", "(deleted)": "(slettet)",
    "Theme history: themes → code groups → subgroups":
        "Temahistorikk: temaer → kodegrupper → subgrupper",
    "No themes or code groups yet.": "Ingen temaer eller kodegrupper ennå.",
    "Theme": "Tema", "Not from a theme": "Ikke fra et tema",
    "Ethics reference": "Etikkreferanse",
    "Recordings kept": "Opptak lagret", "Key kept": "Koblingsnøkkel lagret",
    "Planned deletion": "Planlagt sletting", "Deleted": "Slettet", "Access": "Tilgang",
    "(not recorded)": "(ikke registrert)", "No consent recorded: {who}": "Samtykke mangler: {who}",
    "Consent withdrawn: {who}": "Samtykke trukket: {who}",
    "The planned deletion date {date} has passed and no deletion is recorded":
        "Planlagt slettedato {date} er passert, og ingen sletting er registrert",
    "Quoted unit {id} after paragraph {n}; edit its display text with cuts (…) later (t), move it with p":
        "Siterte enhet {id} etter avsnitt {n}; rediger visningsteksten med kutt (…) senere (t), flytt med p",
    "A paragraph number, e.g. 2 (empty: the default place)": "Et avsnittsnummer, f.eks. 2 (tomt: standardplassen)",
    "Quote {id} placed": "Sitat {id} plassert", "Place quote": "Plasser sitat",
    "Quote {id} after paragraph number (empty: default)": "Sitat {id} etter avsnitt nummer (tomt: standard)",
    "a corrected transcript changed its passage: re-read it, then ] [ { } or x settles it":
        "en rettet transkripsjon endret avsnittet: les det på nytt, så avgjør ] [ { } eller x",
    "Back to the list": "Tilbake til listen", "Select all": "Merk alt", "Line end": "Linjeslutt",
    "Loading…": "Laster …", "turn {n}": "tur {n}", "turns {first}–{last}": "tur {first}–{last}",
    "unit {id}": "enhet {id}", "seen: {notes}": "sett: {notes}",
    "repeats guide question {n}": "gjentar spørsmål {n} i intervjuguiden",
    "Your keymap": "Tastene dine",
    "Code groups from interview guide version {v}: space keeps or drops, r renames, enter adopts the checked (a priori)":
        "Kodegrupper fra intervjuguide versjon {v}: mellomrom tar med eller dropper, r gir nytt navn, "
        "enter tar i bruk de avkryssede (a priori)",
    "Rename the proposed code group": "Gi den foreslåtte kodegruppen nytt navn",
    "No interview guide with text yet: add one with stc-bench guide PROJECT --add FILE":
        "Ingen intervjuguide med tekst ennå: legg til en med stc-bench guide PROSJEKT --add FIL",
    "The interview guide has no main questions to propose from":
        "Intervjuguiden har ingen hovedspørsmål å foreslå fra",
    "{n} a-priori code groups added from the guide": "{n} a priori-kodegrupper lagt til fra guiden",
    'keymap: must be a table of binding id = "keys" (e.g. [keymap])':
        'keymap: må være en tabell med bindings-id = "taster" (f.eks. [keymap])',
    'keymap.{id}: {keys!r} is not a key string such as "ctrl+n"':
        'keymap.{id}: {keys!r} er ikke taster som "ctrl+n"',
    "No key binding named {ids}: see ? for the names": "Ingen tastebinding heter {ids}: se ? for navnene",
    "{ids} now share a key: the keymap's binding wins": "{ids} deler nå en tast: bindingen fra keymap vinner",
    'Your own keys: a [keymap] table in config.toml by the grey names, e.g. quit = "ctrl+x"':
        'Egne taster: en [keymap]-tabell i config.toml med de grå navnene, f.eks. quit = "ctrl+x"',
    "{name!r} mostly repeats guide question {n}: «{q}». Is it what the informants said, or what they were asked?":
        "{name!r} gjentar stort sett spørsmål {n} i intervjuguiden: «{q}». Er det det informantene sa, "
        "eller det de ble spurt om?",
}


#: Step 2, its suggestions and filter, search, step 3's list and the notifications.
NB.update({
    # step 2: titles, the info line, pickers
    "No transcripts for this informant": "Ingen transkripsjoner for denne informanten",
    "Suggestion — enter: accept · a: accept and code · r: dismiss · N/P: next/previous suggestion":
        "Forslag — enter: godta · a: godta og kod · r: avvis · N/P: neste/forrige forslag",
    "Selected {n} words — enter: mark as meaning unit":
        "Valgt {n} ord — enter: marker som meningsbærende enhet",
    "n/p: next/previous · shift+arrows: select · t: turn · S: suggest · w: uncoded text · ?: help":
        "n/p: neste/forrige · shift+piler: velg · t: tur · S: foreslå · w: ukodet tekst · ?: hjelp",
    "Unit {id} ({words}): ": "Enhet {id} ({words}): ",
    "uncoded — c: code it": "ukodet — c: kod den",
    "No more suggestions after this place": "Ingen flere forslag etter dette stedet",
    "No more suggestions before this place": "Ingen flere forslag før dette stedet",
    "No more meaning units or suggestions after this place":
        "Ingen flere meningsbærende enheter eller forslag etter dette stedet",
    "No more meaning units or suggestions before this place":
        "Ingen flere meningsbærende enheter eller forslag før dette stedet",
    "Now in {title}": "Nå i {title}",
    "All informant text after this place is in a meaning unit":
        "All informanttekst etter dette stedet er i en meningsbærende enhet",
    "All informant text before this place is in a meaning unit":
        "All informanttekst før dette stedet er i en meningsbærende enhet",
    "Uncoded informant text ({n} words) — enter: mark as meaning unit · w/W: next/previous":
        "Ukodet informanttekst ({n} ord) — enter: marker som meningsbærende enhet · w/W: "
        "neste/forrige",
    "Select a passage first (shift+arrows, t for a turn, or drag)":
        "Velg en tekstbit først (shift+piler, t for en tur, eller dra)",
    "Move to a meaning unit first (n/p), or mark one (enter)":
        "Gå til en meningsbærende enhet først (n/p), eller marker en (enter)",
    "Unit {id} → {group}": "Enhet {id} → {group}",
    "Code unit {id} into…": "Kod enhet {id} i…", "✓ coded": "✓ kodet",
    "theme → new code group": "tema → ny kodegruppe", "new code group": "ny kodegruppe",
    "Remove unit {id} from…": "Fjern enhet {id} fra…",
    "No later meaning unit in this transcript to merge with":
        "Ingen senere meningsbærende enhet i denne transkripsjonen å slå sammen med",
    # step 2: filter and suggestions
    "informant": "informant", "only": "bare", "f: change": "f: endre",
    "d: another transcript": "d: en annen transkripsjon",
    "Show everything": "Vis alt", "no filter": "uten filter",
    "only this informant's transcripts": "bare denne informantens transkripsjoner",
    "only its meaning units": "bare dens meningsbærende enheter", "Filter step 2": "Filtrer trinn 2",
    "Open a transcript first (d)": "Åpne en transkripsjon først (d)",
    "Suggesting meaning units… (loading the language model)":
        "Foreslår meningsbærende enheter … (laster språkmodellen)",
    "Suggesting meaning units… {done}/{total} ({title})":
        "Foreslår meningsbærende enheter … {done}/{total} ({title})",
    "this transcript": "denne transkripsjonen", "{n} transcripts": "{n} transkripsjoner",
    "Suggestions": "Forslag", "Move to a suggestion first (N/P)": "Gå til et forslag først (N/P)",
    # search
    "Query": "Søk", "Mark sentence": "Marker setningen", "In transcript": "I transkripsjonen",
    "uncoded": "ukodet", "search the transcripts": "søk i transkripsjonene",
    "Enter to search; words match in every form (lemma-aware).":
        "Enter for å søke; ordene treffer i alle bøyningsformer (lemma).",
    "Searching for {query}…": "Søker etter {query} …", "hits for": "treff for",
    "{n} inside meaning units (✓ unit id, code groups) · u: mark the sentence · t: open in the "
    "transcript": "{n} i meningsbærende enheter (✓ enhets-id, kodegrupper) · u: marker setningen · "
                  "t: åpne i transkripsjonen",
    "Search first, then pick a hit (↑/↓)": "Søk først, og velg så et treff (↑/↓)",
    "Already inside meaning unit {id} — t: see it in the transcript":
        "Allerede i meningsbærende enhet {id} — t: se den i transkripsjonen",
    "Meaning unit {id} ({words}): {text}": "Meningsbærende enhet {id} ({words}): {text}",
    "Marked": "Markert",
    # step 3
    "units": "enheter", "no subgroup": "ingen subgruppe",
    "golden quote of": "gullsitat for",
    "No code groups yet: make some in step 2 (or promote a theme)":
        "Ingen kodegrupper ennå: lag noen i trinn 2 (eller gjør et tema til kodegruppe)",
    "No subgroup {n} in {group!r}: n makes a new one": "Ingen subgruppe {n} i {group!r}: n lager en ny",
    "New subgroup of {group!r}": "Ny subgruppe i {group!r}",
    "Assign the unit to a subgroup first (1–9)": "Legg enheten i en subgruppe først (1–9)",
    "Golden quote of {sub!r}: unit {unit}": "Gullsitat for {sub!r}: enhet {unit}",
    "Saved the condensate": "Lagret kondensatet",
    # step 4 (its list of units, notifications) and the search hits list
    "(no condensate yet: write it in step 3)": "(ikke noe kondensat ennå: skriv det i trinn 3)",
    "(a code group's introduction: no condensate)": "(kodegruppens innledning: uten kondensat)",
    "Saved the analytic text": "Lagret den analytiske teksten", "quoted": "sitert",
    "Quoted unit {id}; edit its display text with cuts (…) later (t)":
        "Siterte enhet {id}; rediger teksten med kutt (…) senere (t)",
    "Unit {id} re-read in context ({status})": "Enhet {id} lest i kontekst ({status})",
    "confirmed": "bekreftet", "questioned": "tvilsom", "Write": "Skriv", "Quote": "Siter",
    # notifications (app, step 1, background calls)
    "This project is open read-only for review: nothing can be changed.":
        "Prosjektet er åpnet skrivebeskyttet for gjennomlesing: ingenting kan endres.",
    "Read only": "Skrivebeskyttet", "Not done": "Ikke utført", "Error": "Feil",
    "a bug: please report it": "en feil i programmet: meld den gjerne",
    "Undid: {what}": "Angret: {what}", "Redid: {what}": "Gjorde om: {what}",
    "{n} themes: STC usually keeps 4–8 in step 1": "{n} temaer: STK har vanligvis 4–8 i trinn 1",
    "Deleted theme {name!r} (ctrl+z undoes)": "Slettet temaet {name!r} (ctrl+z angrer)",
    "Theme {theme!r} is now code group {group!r}": "Temaet {theme!r} er nå kodegruppen {group!r}",
    "Theme {theme!r} is now a subgroup of {group!r}":
        "Temaet {theme!r} er nå en subgruppe i {group!r}",
    "Saved the total-impression memo": "Lagret notatet om helhetsinntrykket",
    # import
    "Import transcripts": "Importer transkripsjoner", "Complete path": "Fullfør stien",
    "Import": "Import", "Not imported": "Ikke importert",
    "A name as label?": "Et navn som etikett?",
    "a .qdpx/.qdc (REFI-QDA: NVivo, ATLAS.ti, MAXQDA, QualCoder) is imported whole: its transcripts, "
    "codes, units and notes, in one undoable step":
        "en .qdpx/.qdc (REFI-QDA: NVivo, ATLAS.ti, MAXQDA, QualCoder) importeres hel: "
        "transkripsjoner, koder, enheter og notater, i ett steg som kan angres",
    # pseudonymisation
    "Pseudonymise": "Pseudonymiser",
    "Review names and identifiers in the transcript and replace them":
        "Gå gjennom navn og identifikatorer i transkripsjonen og bytt dem ut",
    "Accept/reject": "Godta/avvis", "Same for this word": "Likt for hele ordet",
    "Key file (real → replacement; keep it apart from the project)":
        "Nøkkelfil (ekte → erstatning; oppbevar den atskilt fra prosjektet)",
    "e.g. ~/nøkler/studie-nøkkel.csv": "f.eks. ~/nøkler/studie-nøkkel.csv",
    "space: accept/reject · w: the same for every occurrence of the word · a: add a missed "
    "name · Enter in the key field: replace · Esc: cancel":
        "mellomrom: godta/avvis · w: likt for alle forekomster av ordet · a: legg til et navn "
        "som mangler · Enter i nøkkelfeltet: bytt ut · Esc: avbryt",
    "Add a missed name": "Legg til et navn som mangler",
    "«{word}» is in the word list now, but nothing in {title} matches it: a name that is also "
    "an everyday word counts only with a capital ({capital})":
        "«{word}» står nå i ordlisten, men ingenting i {title} passer: et navn som også er et "
        "vanlig ord, teller bare med stor forbokstav ({capital})",
    "A name the candidates missed (it goes into the project's word list)":
        "Et navn som mangler blant kandidatene (det legges i prosjektets ordliste)",
    "line": "linje",
    "Nothing to pseudonymise in {title}": "Ingenting å pseudonymisere i {title}",
    # focus-group speakers
    "Speakers": "Talere",
    "Focus group: which informant and role each speaker label is":
        "Fokusgruppe: hvilken informant og rolle hver taleretikett er",
    "Speakers of {title}": "Talere i {title}",
    "role": "rolle", "Speaker label": "Taleretikett", "Informant (pseudonym)": "Informant (pseudonym)",
    "Role": "Rolle",
    "{label}: moderator, not an informant": "{label}: moderator, ikke informant",
    "Group (kept as the informants' {attribute})": "Gruppe (lagres som informantenes {attribute})",
    "Tab: next field · Enter: save the mapping (one undoable step) · an empty informant: not "
    "mapped · Esc: cancel":
        "Tab: neste felt · Enter: lagre koblingen (ett steg som kan angres) · tom informant: ikke "
        "koblet · Esc: avbryt",
    "{title} has no participant speaker labels to map":
        "{title} har ingen taleretiketter for deltakere å koble",
    "{name} is a group transcript with {n} participants: press m to map its speakers to informants":
        "{name} er en gruppetranskripsjon med {n} deltakere: trykk m for å koble talerne til "
        "informanter",
    "Every candidate was rejected: nothing replaced": "Alle kandidatene ble avvist: ingenting byttet ut",
    "{n} replaced; revision {revision}; {flagged} for re-reading. Keep the key {key} apart "
    "from the project.":
        "{n} byttet ut; revisjon {revision}; {flagged} for ny lesing. Oppbevar nøkkelen {key} "
        "atskilt fra prosjektet.",
    "The informant label {label} looks like a person's name: give a pseudonym with stc-bench "
    "informants PROJECT --rename":
        "Informantetiketten {label} ser ut som et personnavn: gi et pseudonym med stc-bench "
        "informants PROSJEKT --rename",
    "Imported with warnings": "Importert med advarsler",
    "Looking for names and identifiers in {title} …":
        "Leter etter navn og identifikatorer i {title} …",
    # the readers' warnings that take no figures (ingest/turns.py); the others stay English
    "no speaker labels found (one turn per paragraph)": "fant ingen taleretiketter (én tur per avsnitt)",
    "no interviewer label recognised": "fant ingen etikett for intervjueren",
    "No such file or folder: {paths}": "Finner ingen fil eller mappe: {paths}",
    "No transcripts in {folder} ({suffixes})": "Ingen transkripsjoner i {folder} ({suffixes})",
    "Type a file, several files, or a folder (Tab completes)":
        "Skriv en fil, flere filer eller en mappe (Tab fullfører)",
    "{n} files: ": "{n} filer: ", "1 file: ": "1 fil: ",
    "informant {label} for every file": "informant {label} for alle filene",
    "informant from each file name (JS1.docx → JS1)": "informant fra hvert filnavn (JS1.docx → JS1)",
    "File(s) or folder, from {cwd}": "Fil(er) eller mappe, fra {cwd}",
    "e.g. intervjuer/ or JS1.docx JS2.docx": "f.eks. intervjuer/ eller JS1.docx JS2.docx",
    "Informant label (optional)": "Informantnavn (valgfritt)",
    "empty: from each file name, JS1.docx → JS1": "tomt: fra hvert filnavn, JS1.docx → JS1",
    "Tab completes: {path}": "Tab fullfører: {path}",
    "Tab: complete the path · Enter: import · Esc: cancel":
        "Tab: fullfør stien · Enter: importer · Esc: avbryt",
    "No transcripts yet (a read-only review: nothing can be imported here).":
        "Ingen transkripsjoner ennå (skrivebeskyttet gjennomlesing: ingenting kan importeres her).",
    "No transcripts yet — press i to import .docx/.odt/.rtf/.txt/.vtt/.srt files (one, several, "
    "or a whole folder), or run: stc-bench import PROJECT FILE…":
        "Ingen transkripsjoner ennå — trykk i for å importere .docx/.odt/.rtf/.txt/.vtt/.srt-filer "
        "(én, flere eller en hel mappe), eller kjør: stc-bench import PROSJEKT FIL…",
    "No transcripts yet — press 0 then i to import some (or run: stc-bench import PROJECT FILE…)":
        "Ingen transkripsjoner ennå — trykk 0 og så i for å importere (eller kjør: stc-bench "
        "import PROSJEKT FIL…)",
    "{done} imported, {failed} failed: {names}": "{done} importert, {failed} mislyktes: {names}",
    "{done} imported: {names}": "{done} importert: {names}",
    "Importing {done}/{total}: {name}…": "Importerer {done}/{total}: {name} …",
    # the coder comparison (independent coding)
    "Compare coders": "Sammenlign kodere", "Take A": "Ta A", "Take B": "Ta B",
    "Merge": "Slå sammen", "Reject": "Avvis", "Discuss": "Diskuter",
    "Take the alike": "Ta de like",
    "Independent coding: where two coders differ, and their consensus":
        "Uavhengig koding: hvor to kodere er uenige, og konsensus",
    "↑ / ↓: previous / next difference · a / b: take A's / B's unit · g: merge · x: reject "
    "· d: discuss · s: take every unit marked alike · esc: back":
        "↑ / ↓: forrige / neste forskjell · a / b: ta As / Bs enhet · g: slå sammen · x: avvis "
        "· d: diskuter · s: ta alle enheter markert likt · esc: tilbake",
    "Difference {n} of {total}: {kind}": "Forskjell {n} av {total}: {kind}",
    "Agreement: nothing coded yet": "Samsvar: ingenting kodet ennå",
    "Agreement on this transcript: segments {segments} · κ {kappa} · uα {alpha} · cuα {cu} "
    "(per character of the coded text)":
        "Samsvar i denne transkripsjonen: segmenter {segments} · κ {kappa} · uα {alpha} · "
        "cuα {cu} (per tegn i den kodede teksten)",
    "not settled": "ikke avgjort", "Next difference": "Neste forskjell",
    "Previous difference": "Forrige forskjell", "First difference": "Første forskjell",
    "Last difference": "Siste forskjell",
    "{title}: A {a}, B {b} — {open} of {n} not settled":
        "{title}: A {a}, B {b} — {open} av {n} ikke avgjort",
    "marked alike": "markert likt", "other code groups": "andre kodegrupper",
    "another span": "annen avgrensning", "another span and code groups":
        "annen avgrensning og kodegrupper", "only A": "bare A", "only B": "bare B",
    "took A": "tok A", "took B": "tok B", "merged": "slått sammen", "rejected": "avvist",
    "(uncoded)": "(ukodet)", "The two coders marked nothing yet.": "De to koderne har ikke markert noe ennå.",
    "A: {name}": "A: {name}", "B: {name}": "B: {name}",
    "Difference {n} is settled already (ctrl+z undoes it)":
        "Forskjell {n} er allerede avgjort (ctrl+z angrer)",
    "Consensus": "Konsensus", "Discuss difference {n}": "Diskuter forskjell {n}",
    "This transcript is not coded independently by two or more coders (stc-bench coders "
    "PROJECT start)":
        "Denne transkripsjonen er ikke kodet uavhengig av to eller flere kodere (stc-bench "
        "coders PROSJEKT start)",
    "Other pair of coders": "Et annet par kodere",
    "p: another pair of coders": "p: et annet par kodere",
    "Compare which two coders?": "Hvilke to kodere skal sammenlignes?",
    "{open} of {n} not settled": "{open} av {n} ikke avgjort",
    "κ {a}–{b} {kappa}": "κ {a}–{b} {kappa}",
    "settled comparing another pair": "avgjort i et annet par",
    "κ per sentence: splitting the transcript into sentences…":
        "κ per setning: deler transkripsjonen i setninger …",
    "κ per sentence {kappa} ({n} sentences counted; split by {splitter})":
        "κ per setning {kappa} ({n} setninger talt; delt av {splitter})",
    "Only two coders code this transcript: there is no other pair":
        "Bare to kodere koder denne transkripsjonen: det finnes ikke noe annet par",
    "independent coding: {coders}": "uavhengig koding: {coders}",
})

NB.update({
    "Step 1 — total impression: {themes}": "Trinn 1 — helhetsinntrykk: {themes}",
    "Step 2 — meaning units: {units} in {groups}; {uncoded}":
        "Trinn 2 — meningsbærende enheter: {units} i {groups}; {uncoded}",
    "Step 3 — condensation: {subgroups}, {condensates}, {quotes}":
        "Trinn 3 — kondensering: {subgroups}, {condensates}, {quotes}",
    "Step 4 — synthesis: {texts}, {quotes}, {validated}":
        "Trinn 4 — syntese: {texts}, {quotes}, {validated}",
    "To review after a revision: {flagged}, {detached}":
        "Til gjennomgang etter revisjon: {flagged}, {detached}",
})

NB.update({
    # the changes screen (tui/changes.py): what an event names, and the text fields it diffs
    "transcript «{}»": "transkripsjon «{}»", "code group «{}»": "kodegruppe «{}»",
    "subgroup «{}»": "subgruppe «{}»", "meaning unit {}": "meningsbærende enhet {}",
    "name": "navn", "list_label": "listeetikett", "description": "beskrivelse",
    "title": "tittel", "text": "tekst", "lead_in": "innledning",
    "display_text": "visningstekst", "snippet": "utdrag",
    "validation": "validering", "project": "prosjekt", "interview guide": "intervjuguide",
    "person": "person", "data management": "datahåndtering",
})

#: Counts with their nouns (``i18n.counted``): the English pair (one, other) is the key of the
#: Norwegian pair, as English "uncoded" has one form where Norwegian has "ukodet"/"ukodede".
PLURALS_NB: dict[tuple[str, str], tuple[str, str]] = {
    ("{n} preliminary theme", "{n} preliminary themes"):
        ("{n} foreløpig tema", "{n} foreløpige temaer"),
    ("{n} meaning unit", "{n} meaning units"):
        ("{n} meningsbærende enhet", "{n} meningsbærende enheter"),
    ("{n} unit", "{n} units"): ("{n} enhet", "{n} enheter"),
    ("{n} code group", "{n} code groups"): ("{n} kodegruppe", "{n} kodegrupper"),
    ("{n} uncoded", "{n} uncoded"): ("{n} ukodet", "{n} ukodede"),
    ("{n} subgroup", "{n} subgroups"): ("{n} subgruppe", "{n} subgrupper"),
    ("{n} condensate", "{n} condensates"): ("{n} kondensat", "{n} kondensater"),
    ("{n} golden quote", "{n} golden quotes"): ("{n} gullsitat", "{n} gullsitater"),
    ("{n} analytic text", "{n} analytic texts"): ("{n} analytisk tekst", "{n} analytiske tekster"),
    ("{n} quote", "{n} quotes"): ("{n} sitat", "{n} sitater"),
    ("{n} unit validated", "{n} units validated"): ("{n} enhet validert", "{n} enheter validert"),
    ("{n} flagged", "{n} flagged"): ("{n} flagget", "{n} flagget"),
    ("{n} detached", "{n} detached"): ("{n} løsrevet", "{n} løsrevne"),
    ("{n} transcript", "{n} transcripts"): ("{n} transkripsjon", "{n} transkripsjoner"),
    ("{n} informant", "{n} informants"): ("{n} informant", "{n} informanter"),
    ("{n} word", "{n} words"): ("{n} ord", "{n} ord"),
    ("{n} event in the trail", "{n} events in the trail"):
        ("{n} hendelse i sporet", "{n} hendelser i sporet"),
    ("{n} open comment — K lists it", "{n} open comments — K lists them"):
        ("{n} åpen kommentar — K viser den", "{n} åpne kommentarer — K viser dem"),
    ("{n} open comment (K)", "{n} open comments (K)"):
        ("{n} åpen kommentar (K)", "{n} åpne kommentarer (K)"),
    ("{n} change", "{n} changes"): ("{n} endring", "{n} endringer"),
    ("{n} answer", "{n} answers"): ("{n} svar", "{n} svar"),
    ("Pseudonymise {title}: {n} candidate", "Pseudonymise {title}: {n} candidates"):
        ("Pseudonymiser {title}: {n} kandidat", "Pseudonymiser {title}: {n} kandidater"),
    ("{label} ({n} turn)", "{label} ({n} turns)"): ("{label} ({n} replikk)", "{label} ({n} replikker)"),
    ("{n} speaker of {title} mapped (ctrl+z undoes)", "{n} speakers of {title} mapped (ctrl+z undoes)"):
        ("{n} taler i {title} koblet (ctrl+z angrer)", "{n} talere i {title} koblet (ctrl+z angrer)"),
    ("{n} coding", "{n} codings"): ("{n} koding", "{n} kodinger"),
    ("{n} questioned", "{n} questioned"): ("{n} tvilsom", "{n} tvilsomme"),
    ("{n} interviewer word", "{n} interviewer words"): ("{n} intervjuerord", "{n} intervjuerord"),
    ("{n} meaning unit flagged", "{n} meaning units flagged"):
        ("{n} meningsbærende enhet merket", "{n} meningsbærende enheter merket"),
    ("{n} comment", "{n} comments"): ("{n} kommentar", "{n} kommentarer"),
    ("{n} consent record", "{n} consent records"):
        ("{n} samtykkeregistrering", "{n} samtykkeregistreringer"),
    ("{n} interview guide", "{n} interview guides"): ("{n} intervjuguide", "{n} intervjuguider"),
    ("{n} memo", "{n} memos"): ("{n} notat", "{n} notater"),
    ("{n} re-reading record", "{n} re-reading records"):
        ("{n} registrert lesing i kontekst", "{n} registrerte lesinger i kontekst"),
    ("{n} setting", "{n} settings"): ("{n} innstilling", "{n} innstillinger"),
    ("{n} speaker mapped", "{n} speakers mapped"): ("{n} taler koblet", "{n} talere koblet"),
    ("{n} subgroup assignment", "{n} subgroup assignments"):
        ("{n} plassering i subgruppe", "{n} plasseringer i subgrupper"),
    ("{n} theme", "{n} themes"): ("{n} tema", "{n} temaer"),
    ("{n} user", "{n} users"): ("{n} bruker", "{n} brukere"),
    ("{n} suggested meaning unit in {where} — N/P to go to it, enter to accept, r to dismiss",
     "{n} suggested meaning units in {where} — N/P to go through them, enter to accept, "
     "r to dismiss"):
        ("{n} foreslått meningsbærende enhet i {where} — N/P for å gå til den, enter for å godta, "
         "r for å avvise",
         "{n} foreslåtte meningsbærende enheter i {where} — N/P for å gå gjennom dem, enter for å "
         "godta, r for å avvise"),
}

#: What each action of the trail did, in English (the key of its Norwegian label in NB).
ACTIONS: dict[str, str] = {
    'analytic_text.set': 'wrote analytic text',
    'assignment.add': 'put a unit in a subgroup',
    'assignment.add_many': 'put units in a subgroup',
    'assignment.remove': 'took a unit out of a subgroup',
    'code_group.add': 'added a code group',
    'code_group.from_guide': 'added code groups from the interview guide',
    'codebook.import': 'imported a codebook',
    'code_group.delete': 'deleted a code group',
    'code_group.edit': 'changed a code group',
    'code_group.merge': 'merged code groups',
    'code_group.reorder': 'reordered code groups',
    'coding.add': 'coded a meaning unit',
    'coding.remove': 'took a unit out of a code group',
    'comment.add': 'added a comment',
    'comment.resolve': 'resolved a comment',
    'condensate.set': 'wrote a condensate',
    'consent.set': 'recorded consent',
    'data_management.set': 'changed data management',
    'document.delete': 'deleted a transcript',
    'document.guide': 'linked an interview guide',
    'document.import': 'imported a transcript',
    'audit.checkpoint': 'checked the trail (checkpoint)',
    'document.speakers': 'mapped the speakers of a focus group',
    'survey.import': 'imported survey answers',
    'document.informant': "changed a transcript's informant",
    'document.revise': 'imported a corrected transcript',
    'golden_quote.set': 'chose a golden quote',
    'informant.add': 'added an informant',
    'informant.attributes': "changed an informant's attributes",
    'informant.delete': 'deleted an informant',
    'informant.edit': 'changed an informant',
    'interview_guide.add': 'added an interview guide',
    'memo.add': 'wrote a memo',
    'memo.delete': 'deleted a memo',
    'memo.edit': 'changed a memo',
    'person.add': 'added a person',
    'project.create': 'created the project',
    'project.edit': 'changed the project',
    'project.setting': 'changed a setting',
    'quote.add': 'inserted a quote',
    'quote.edit': 'changed a quote',
    'quote.remove': 'removed a quote',
    'quote.reorder': 'reordered quotes',
    'review.mark': 'marked a review',
    'subgroup.add': 'added a subgroup',
    'subgroup.delete': 'deleted a subgroup',
    'subgroup.edit': 'changed a subgroup',
    'subgroup.reorder': 'reordered subgroups',
    'suggestion.accept': 'accepted a suggested meaning unit',
    'theme.add': 'added a theme',
    'theme.delete': 'deleted a theme',
    'theme.edit': 'changed a theme',
    'theme.reorder': 'reordered themes',
    'unit.create': 'marked a meaning unit',
    'unit.create_many': 'marked meaning units',
    'unit.delete': 'deleted a meaning unit',
    'unit.merge': 'merged meaning units',
    'unit.resize': "changed a meaning unit's span",
    'unit.split': 'split a meaning unit',
    'validation.add': 're-read a unit in context',
    'quote.place': 'placed a quote',
    'coders.start': 'put a transcript in independent coding',
    'coders.release': 'released a transcript from independent coding',
    'consensus.resolve': 'settled a difference between coders',
    'consensus.settle_agreed': 'took the units coders marked alike',
    'theme.promote_to_code_group': 'made a theme a code group',
    'theme.promote_to_subgroup': 'made a theme a subgroup',
    'exchange.import': 'imported a REFI-QDA project',
    'project.purge': 'purged the original texts of pseudonymised transcripts',
    'undo': 'undid a change', 'redo': 'redid a change',
}
NB.update({english: norwegian for english, norwegian in (
    ('wrote analytic text', 'skrev analytisk tekst'),
    ('put a unit in a subgroup', 'plasserte en enhet i en subgruppe'),
    ('put units in a subgroup', 'plasserte enheter i en subgruppe'),
    ('took a unit out of a subgroup', 'tok en enhet ut av en subgruppe'),
    ('added a code group', 'la til en kodegruppe'),
    ('added code groups from the interview guide', 'la til kodegrupper fra intervjuguiden'),
    ('imported a codebook', 'importerte en kodebok'),
    ('mapped the speakers of a focus group', 'koblet talerne i en fokusgruppe til informanter'),
    ('imported survey answers', 'importerte spørreskjemasvar'),
    ('deleted a code group', 'slettet en kodegruppe'),
    ('changed a code group', 'endret en kodegruppe'),
    ('merged code groups', 'slo sammen kodegrupper'),
    ('reordered code groups', 'endret rekkefølgen på kodegrupper'),
    ('coded a meaning unit', 'kodet en meningsbærende enhet'),
    ('took a unit out of a code group', 'tok en enhet ut av en kodegruppe'),
    ('added a comment', 'la til en kommentar'),
    ('resolved a comment', 'løste en kommentar'),
    ('wrote a condensate', 'skrev et kondensat'),
    ('recorded consent', 'registrerte samtykke'),
    ('changed data management', 'endret datahåndtering'),
    ('deleted a transcript', 'slettet en transkripsjon'),
    ('linked an interview guide', 'koblet en intervjuguide'),
    ('imported a transcript', 'importerte en transkripsjon'),
    ("changed a transcript's informant", 'endret informanten til en transkripsjon'),
    ('imported a corrected transcript', 'importerte en rettet transkripsjon'),
    ('chose a golden quote', 'valgte et gullsitat'),
    ('added an informant', 'la til en informant'),
    ("changed an informant's attributes", 'endret egenskapene til en informant'),
    ('deleted an informant', 'slettet en informant'),
    ('changed an informant', 'endret en informant'),
    ('added an interview guide', 'la til en intervjuguide'),
    ('wrote a memo', 'skrev et notat'),
    ('deleted a memo', 'slettet et notat'),
    ('changed a memo', 'endret et notat'),
    ('added a person', 'la til en person'),
    ('created the project', 'opprettet prosjektet'),
    ('changed the project', 'endret prosjektet'),
    ('changed a setting', 'endret en innstilling'),
    ('inserted a quote', 'satte inn et sitat'),
    ('changed a quote', 'endret et sitat'),
    ('removed a quote', 'fjernet et sitat'),
    ('reordered quotes', 'endret rekkefølgen på sitater'),
    ('marked a review', 'markerte en gjennomgang'),
    ('checked the trail (checkpoint)', 'kontrollerte loggen (sjekkpunkt)'),
    ('added a subgroup', 'la til en subgruppe'),
    ('deleted a subgroup', 'slettet en subgruppe'),
    ('changed a subgroup', 'endret en subgruppe'),
    ('reordered subgroups', 'endret rekkefølgen på subgrupper'),
    ('accepted a suggested meaning unit', 'godtok et forslag til meningsbærende enhet'),
    ('added a theme', 'la til et tema'),
    ('deleted a theme', 'slettet et tema'),
    ('changed a theme', 'endret et tema'),
    ('reordered themes', 'endret rekkefølgen på temaer'),
    ('marked a meaning unit', 'markerte en meningsbærende enhet'),
    ('marked meaning units', 'markerte meningsbærende enheter'),
    ('deleted a meaning unit', 'slettet en meningsbærende enhet'),
    ('merged meaning units', 'slo sammen meningsbærende enheter'),
    ("changed a meaning unit's span", 'endret grensene til en meningsbærende enhet'),
    ('split a meaning unit', 'delte en meningsbærende enhet'),
    ('re-read a unit in context', 'leste en enhet på nytt i kontekst'),
    ('placed a quote', 'plasserte et sitat'),
    ('put a transcript in independent coding', 'satte en transkripsjon i uavhengig koding'),
    ('released a transcript from independent coding',
     'avsluttet uavhengig koding av en transkripsjon'),
    ('settled a difference between coders', 'avgjorde en forskjell mellom kodere'),
    ('took the units coders marked alike', 'tok enhetene koderne markerte likt'),
    ('made a theme a code group', 'gjorde et tema til kodegruppe'),
    ('made a theme a subgroup', 'gjorde et tema til subgruppe'),
    ('imported a REFI-QDA project', 'importerte et REFI-QDA-prosjekt'),
    ('purged the original texts of pseudonymised transcripts',
     'slettet originaltekstene til pseudonymiserte transkripsjoner'),
    ('undid a change', 'angret en endring'), ('redid a change', 'gjorde om en endring'),
)})

#: The method warnings (``domain/rules.ENGLISH``'s kinds) as a Norwegian supervisor words
#: them: the form for a count of one and the form for any other count (``i18n.plural``).
#: A name is the user's own text, quoted «…» and never read as markup.
WARNINGS_NB: dict[str, tuple[str, str]] = {
    "too_many_themes": (
        "{count} foreløpig tema: i STC er det vanlig med 4–8 i trinn 1",
        "{count} foreløpige temaer: i STC er det vanlig med 4–8 i trinn 1"),
    "few_themes": (
        "bare {count} foreløpig tema: i STC er det vanlig å navngi 4–8 i trinn 1",
        "bare {count} foreløpige temaer: i STC er det vanlig å navngi 4–8 i trinn 1"),
    "group_without_subgroups": ("kodegruppen «{name}» har ingen subgrupper",) * 2,
    "subgroup_without_condensate": ("subgruppen «{name}» har ikke noe kondensat",) * 2,
    "condensate_without_units": (
        "kondensatet til «{name}» bygger ikke på noen meningsbærende enheter",) * 2,
    "subgroup_without_golden_quote": ("subgruppen «{name}» har ikke noe gullsitat",) * 2,
    "units_unassigned": (
        "{count} kodet meningsbærende enhet er ikke plassert i noen subgruppe",
        "{count} kodede meningsbærende enheter er ikke plassert i noen subgruppe"),
    "analytic_text_without_quote": (
        "den analytiske teksten til subgruppen «{name}» har ikke noe illustrerende sitat",) * 2,
    "subgroup_without_analytic_text": ("subgruppen «{name}» har ingen analytisk tekst ennå",) * 2,
    "units_unvalidated": (
        "{count} kodet meningsbærende enhet er ennå ikke lest på nytt i kontekst (validering)",
        "{count} kodede meningsbærende enheter er ennå ikke lest på nytt i kontekst "
        "(validering)"),
}

#: A quote's unmarked edits (``domain/quotes.PROBLEMS``' kinds) in Norwegian; the words
#: are the transcript's or the display text's, quoted «…».
QUOTE_PROBLEMS_NB: dict[str, str] = {
    "not_in_transcript": "står ikke slik i transkripsjonen: «{words}»",
    "unmarked_cut": "ord utelatt uten (…)-markering: «{words}»",
}

#: The readers' import warnings with figures (``ingest/import_warnings.ENGLISH``'s kinds):
#: the form for one and for any other number; ``{what}`` is the part in that number
#: (``IMPORT_PARTS_NB``), ``{first}`` the first part's words (``IMPORT_FIRST_NB``) or empty.
IMPORT_WARNINGS_NB: dict[str, tuple[str, str]] = {
    "left_out": (
        "{count} {what} ble ikke importert{first}; kopier teksten inn i brødteksten hvis den "
        "hører til intervjuet",) * 2,
    "notes_left_out": (
        "{count} {what} ble ikke importert{first}; kopier den inn i teksten hvis den hører "
        "til intervjuet",
        "{count} {what} ble ikke importert{first}; kopier dem inn i teksten hvis de hører "
        "til intervjuet"),
    "replacement_characters": (
        "{count} erstatningstegn: et tegn i filen kunne ikke leses",
        "{count} erstatningstegn: tegn i filen kunne ikke leses"),
}
#: The parts of a .docx/.odt a reader leaves out, by the English plural it names them by.
IMPORT_PARTS_NB: dict[str, tuple[str, str]] = {
    "footnotes": ("fotnote", "fotnoter"), "endnotes": ("sluttnote", "sluttnoter"),
    "comments": ("kommentar", "kommentarer"), "text boxes": ("tekstboks", "tekstbokser"),
    "embedded documents": ("innebygd dokument", "innebygde dokumenter"),
}
#: The first left-out part's words (the user's text, in «»): for one part, and for more.
IMPORT_FIRST_NB = (" («{excerpt}»)", " (den første: «{excerpt}»)")

#: A REFI-QDA import's counts (``services.exchange.ExchangeSummary.counts``, keyed by the
#: English plural it prints) as ``i18n.counted`` pairs, each in ``PLURALS_NB``.
EXCHANGE_COUNTS: dict[str, tuple[str, str]] = {
    what: (f"{{n}} {one}", f"{{n}} {what}") for one, what in (
        ("analytic text", "analytic texts"), ("code group", "code groups"),
        ("coding", "codings"), ("comment", "comments"), ("condensate", "condensates"),
        ("consent record", "consent records"), ("golden quote", "golden quotes"),
        ("informant", "informants"), ("interview guide", "interview guides"),
        ("meaning unit", "meaning units"), ("memo", "memos"), ("quote", "quotes"),
        ("re-reading record", "re-reading records"), ("setting", "settings"),
        ("speaker mapped", "speakers mapped"), ("subgroup assignment", "subgroup assignments"),
        ("subgroup", "subgroups"), ("theme", "themes"), ("transcript", "transcripts"),
        ("user", "users"))}
NB.update({
    # a REFI-QDA import's summary (services/exchange.ExchangeSummary.lines): the headings;
    # its items (what was not imported and why) stay English
    "imported: {counts}": "importert: {counts}", "nothing": "ingenting",
    "not imported (not supported): {n}": "ikke importert (støttes ikke): {n}",
    "quarantined selections (positions do not line up; not stored): {n}":
        "utvalg satt til side (posisjonene stemmer ikke; ikke lagret): {n}",
    "warnings: {n}": "advarsler: {n}",
})

#: The user errors a student meets most in steps 1–4 (``StcError.kind``, raised with the
#: values named here) as the TUI's notice words them in Norwegian; the others stay English.
#: ``{what}`` is catalogued English ("theme"), ``{name}`` the user's text, ``{problem}`` a
#: quote's unmarked edit (``i18n.problem_text``).
ERRORS_NB: dict[str, str] = {
    "empty_name": "{what}: navnet kan ikke være tomt",
    "empty_comment": "Kommentaren kan ikke være tom",
    "nothing_to_undo": "Ingenting å angre", "nothing_to_redo": "Ingenting å gjøre om",
    "empty_span": "Tekstbiten er tom: marker minst ett ord",
    "blank_span": "Tekstbiten har bare mellomrom: marker minst ett ord",
    "split_outside": "Meningsbærende enhet {id} kan bare deles inne i seg selv: sett markøren "
                     "i enheten",
    "assign_uncoded": "Meningsbærende enhet {id} er ikke kodet i kodegruppen til subgruppen "
                      "«{name}»: kod den først",
    "not_in_subgroup": "Meningsbærende enhet {id} er ikke i subgruppen «{name}»: plasser den "
                       "der først",
    "quote_place": "Plassen til et sitat er et avsnittsnummer fra 1, ikke {value}",
    "quote_empty": "Sitatet av meningsbærende enhet {id}: visningsteksten kan ikke være tom",
    "quote_unfaithful": "Sitatet av meningsbærende enhet {id}: {problem}; marker kutt med (…) "
                        "og erstatninger i [klammer]",
}
