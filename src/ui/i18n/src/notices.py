# Notices and the words for why a network was rebuilt, by English text.
T = {
"ignored, as this view keeps no settings in the address: {keys}": ("ignoradas, porque esta vista no guarda ajustes en la dirección: {keys}", "ignoriert, da diese Ansicht keine Einstellungen in der Adresse hält: {keys}"),
"The address was not used as written: {notes}.": ("La dirección no se usó tal como estaba escrita: {notes}.", "Die Adresse wurde nicht wie geschrieben verwendet: {notes}."),
"The address was not used as written": ("La dirección no se usó tal como estaba escrita", "Die Adresse wurde nicht wie geschrieben verwendet"),
"Some settings in the address were not used as written (fields named alone keep their defaults)": ("Algunos ajustes de la dirección no se usaron tal como estaban escritos (los campos nombrados solos conservan su valor por defecto)", "Einige Einstellungen in der Adresse wurden nicht wie geschrieben verwendet (allein genannte Felder behalten ihren Standardwert)"),
"{key} (given {n} times: the last was used)": ("{key} (dado {n} veces: se usó el último)", "{key} ({n}-mal angegeben: der letzte Wert gilt)"),
"{key} (unknown key, ignored)": ("{key} (clave desconocida, ignorada)", "{key} (unbekannter Schlüssel, ignoriert)"),
'{key} ("{v}" is not one of the values offered: the default was kept)': ('{key} («{v}» no es uno de los valores disponibles: se mantuvo el valor por defecto)', '{key} („{v}“ ist keiner der angebotenen Werte: der Standardwert bleibt)'),
"view (given {n} times: the last, {v}, was opened)": ("view (dado {n} veces: se abrió el último, {v})", "view ({n}-mal angegeben: der letzte, {v}, wurde geöffnet)"),
'view (no view is called "{name}": the playground was opened)': ('view (ninguna vista se llama «{name}»: se abrió el laboratorio)', 'view (keine Ansicht heißt „{name}“: die Spielwiese wurde geöffnet)'),
"The network was rebuilt because {why}: training starts again from epoch 0.": ("La red se reconstruyó porque {why}: el entrenamiento vuelve a empezar en la época 0.", "Das Netz wurde neu aufgebaut, weil {why}: Das Training beginnt wieder bei Epoche 0."),
"the network changed": ("cambió la red", "sich das Netz geändert hat"),
"the data changed": ("cambiaron los datos", "sich die Daten geändert haben"),
"the architecture changed": ("cambió la arquitectura", "sich die Architektur geändert hat"),
"the activation changed": ("cambió la activación", "sich die Aktivierung geändert hat"),
"a layer's normalization or skip connection changed": ("cambió la normalización o la conexión residual de una capa", "sich die Normalisierung oder Skip-Verbindung einer Schicht geändert hat"),
"the initialization changed": ("cambió la inicialización", "sich die Initialisierung geändert hat"),
"the input features changed": ("cambiaron las características de entrada", "sich die Eingabemerkmale geändert haben"),
"the loss changed": ("cambió la pérdida", "sich der Verlust geändert hat"),
"the seed changed": ("cambió la semilla", "sich der Startwert geändert hat"),
"the sequences changed": ("cambiaron las secuencias", "sich die Folgen geändert haben"),
}
T["the setup changed"] = ("cambió la configuración", "sich der Aufbau geändert hat")
