# The built-in lessons (builtin.json) in Spanish and German, by their English text.
T = {
"One neuron learns AND and OR": ("Una neurona aprende AND y OR", "Ein Neuron lernt UND und ODER"),
"AND and OR": ("AND y OR", "UND und ODER"),
"Press play: one neuron learns AND, and its single straight line splits the four points. Then choose the OR table and train again: both reach 100 %.":
 ("Pulsa reproducir: una neurona aprende AND y su única recta separa los cuatro puntos. Luego elige la tabla OR y vuelve a entrenar: ambas llegan al 100 %.",
  "Drücke Start: Ein Neuron lernt UND, und seine eine Gerade trennt die vier Punkte. Wähle dann die ODER-Tabelle und trainiere erneut: Beide erreichen 100 %."),
"Both AND and OR are learned. Each is one straight cut through the square: the neuron's line is where w₁·x₁ + w₂·x₂ + b = 0.":
 ("AND y OR están aprendidas. Cada una es un corte recto del cuadrado: la recta de la neurona está donde w₁·x₁ + w₂·x₂ + b = 0.",
  "UND und ODER sind gelernt. Jede ist ein gerader Schnitt durch das Quadrat: Die Gerade des Neurons liegt dort, wo w₁·x₁ + w₂·x₂ + b = 0."),
"One neuron cannot learn XOR": ("Una neurona no puede aprender XOR", "Ein Neuron kann XOR nicht lernen"),
"XOR: one neuron fails": ("XOR: una neurona falla", "XOR: ein Neuron scheitert"),
"XOR is true when exactly one input is true. Train one neuron on it, with any learning rate you like: watch the accuracy.":
 ("XOR es verdadero cuando exactamente una entrada es verdadera. Entrena una neurona con ella, con la tasa de aprendizaje que quieras: observa la precisión.",
  "XOR ist wahr, wenn genau eine Eingabe wahr ist. Trainiere ein Neuron darauf, mit einer beliebigen Lernrate: Beobachte die Genauigkeit."),
"Stuck at 75 % or less, whatever the learning rate: one neuron draws one straight line, and no straight line puts the two true corners on one side and the two false corners on the other.":
 ("Atascada en el 75 % o menos, sea cual sea la tasa de aprendizaje: una neurona traza una recta, y ninguna recta deja las dos esquinas verdaderas a un lado y las dos falsas al otro.",
  "Bei 75 % oder weniger festgefahren, egal bei welcher Lernrate: Ein Neuron zieht eine Gerade, und keine Gerade legt die beiden wahren Ecken auf die eine Seite und die beiden falschen auf die andere."),
"A hidden layer of two neurons solves XOR": ("Una capa oculta de dos neuronas resuelve XOR", "Eine verborgene Schicht aus zwei Neuronen löst XOR"),
"XOR: a hidden layer": ("XOR: una capa oculta", "XOR: eine verborgene Schicht"),
"Now two hidden neurons come first. Press play and watch their two lines: XOR is solved when every point is right (100 %).":
 ("Ahora van primero dos neuronas ocultas. Pulsa reproducir y observa sus dos rectas: XOR está resuelto cuando todos los puntos aciertan (100 %).",
  "Jetzt kommen zuerst zwei verborgene Neuronen. Drücke Start und beobachte ihre zwei Geraden: XOR ist gelöst, wenn jeder Punkt stimmt (100 %)."),
"Solved. Each hidden neuron cuts the square with its own line (dashed); the output neuron adds their outputs with its weights, so it fires between the two lines and not outside them.":
 ("Resuelto. Cada neurona oculta corta el cuadrado con su propia recta (discontinua); la neurona de salida suma sus salidas con sus pesos, así que se activa entre las dos rectas y no fuera de ellas.",
  "Gelöst. Jedes verborgene Neuron schneidet das Quadrat mit seiner eigenen Geraden (gestrichelt); das Ausgabeneuron addiert ihre Ausgaben mit seinen Gewichten und feuert so zwischen den beiden Geraden, nicht außerhalb."),
"Linear activations collapse": ("Las activaciones lineales colapsan", "Lineare Aktivierungen fallen zusammen"),
"Linear activations": ("Activaciones lineales", "Lineare Aktivierungen"),
"The same two hidden neurons, but with linear activations (f(z) = z). Train it: does it solve XOR? Then switch the activation to tanh and train again.":
 ("Las mismas dos neuronas ocultas, pero con activaciones lineales (f(z) = z). Entrénala: ¿resuelve XOR? Luego cambia la activación a tanh y vuelve a entrenar.",
  "Dieselben zwei verborgenen Neuronen, aber mit linearer Aktivierung (f(z) = z). Trainiere: Löst es XOR? Stelle dann die Aktivierung auf tanh um und trainiere erneut."),
"With tanh it is solved, 100 %: the same two neurons failed while linear, because a linear function of a linear function is still linear. The bend of a non-linear activation is what adds power.":
 ("Con tanh está resuelto, 100 %: las mismas dos neuronas fallaban siendo lineales, porque una función lineal de una función lineal sigue siendo lineal. La curva de una activación no lineal es lo que aporta potencia.",
  "Mit tanh ist es gelöst, 100 %: Dieselben zwei Neuronen scheiterten linear, denn eine lineare Funktion einer linearen Funktion ist wieder linear. Erst die Krümmung einer nichtlinearen Aktivierung bringt die Kraft."),
"It failed like one neuron, stuck at 75 % or less: a linear function of a linear function is still linear, so the whole net is one linear function, no better than one neuron. Now switch the activation to tanh.":
 ("Ha fallado como una sola neurona, atascada en el 75 % o menos: una función lineal de una función lineal sigue siendo lineal, así que toda la red es una función lineal, no mejor que una neurona. Ahora cambia la activación a tanh.",
  "Es scheiterte wie ein einzelnes Neuron, festgefahren bei 75 % oder weniger: Eine lineare Funktion einer linearen Funktion ist wieder linear, also ist das ganze Netz eine lineare Funktion, nicht besser als ein Neuron. Stelle jetzt die Aktivierung auf tanh um."),
"Learning rate: crawl, diverge, or learn": ("Tasa de aprendizaje: arrastrarse, divergir o aprender", "Lernrate: kriechen, divergieren oder lernen"),
"A learning rate of 0.0001 crawls. Try 10: it diverges. Find one that brings the test loss below 0.001 within 50 epochs (press reset after each change).":
 ("Una tasa de aprendizaje de 0,0001 se arrastra. Prueba 10: diverge. Encuentra una que baje la pérdida de prueba por debajo de 0,001 en 50 épocas (pulsa reiniciar tras cada cambio).",
  "Eine Lernrate von 0,0001 kriecht. Versuche 10: Sie divergiert. Finde eine, die den Testverlust innerhalb von 50 Epochen unter 0,001 bringt (nach jeder Änderung Zurücksetzen drücken)."),
"Found it. Too small a step crawls; too large a step overshoots further each time until the numbers overflow; in between, the loss falls fast.":
 ("Encontrada. Un paso demasiado pequeño se arrastra; uno demasiado grande se pasa cada vez más hasta que los números se desbordan; entre ambos, la pérdida baja rápido.",
  "Gefunden. Ein zu kleiner Schritt kriecht; ein zu großer schießt jedes Mal weiter übers Ziel hinaus, bis die Zahlen überlaufen; dazwischen fällt der Verlust schnell."),
"Batch, mini-batch and stochastic descent": ("Descenso por lotes, minilotes y estocástico", "Batch-, Mini-Batch- und stochastischer Abstieg"),
"Batch sizes": ("Tamaños de lote", "Batch-Größen"),
"Press “Compare” (right, under the output) to train the same network three ways on this data: full batch, mini-batches of 10, and one point at a time. Compare the three loss curves.":
 ("Pulsa «Comparar» (a la derecha, bajo la salida) para entrenar la misma red de tres maneras con estos datos: lote completo, minilotes de 10 y un punto cada vez. Compara las tres curvas de pérdida.",
  "Drücke „Vergleichen“ (rechts, unter der Ausgabe), um dasselbe Netz auf diesen Daten auf drei Arten zu trainieren: voller Batch, Mini-Batches von 10 und ein Punkt nach dem anderen. Vergleiche die drei Verlustkurven."),
"One point at a time takes many small noisy steps per epoch; the full batch takes one smooth step per epoch and needs many more epochs; mini-batches sit in between.":
 ("Un punto cada vez da muchos pasos pequeños y ruidosos por época; el lote completo da un paso suave por época y necesita muchas más épocas; los minilotes quedan en medio.",
  "Ein Punkt nach dem anderen macht viele kleine, verrauschte Schritte pro Epoche; der volle Batch macht einen glatten Schritt pro Epoche und braucht viel mehr Epochen; Mini-Batches liegen dazwischen."),
"Overfitting": ("Sobreajuste", "Überanpassung"),
"Few noisy points and a big network: play and watch the test loss rise while the training loss falls. Then cure it, so that the test accuracy reaches 85 % with the training accuracy at most 10 points above it. Try L2: choose L2 and set its rate beside it (at 0 it does nothing), then reset; or give it more points (the Points slider).":
 ("Pocos puntos con ruido y una red grande: reproduce y mira cómo sube la pérdida de prueba mientras baja la de entrenamiento. Luego cúralo, de modo que la precisión de prueba llegue al 85 % con la de entrenamiento como mucho 10 puntos por encima. Prueba L2: elige L2 y pon su tasa al lado (a 0 no hace nada), luego reinicia; o dale más puntos (el control Puntos).",
  "Wenige verrauschte Punkte und ein großes Netz: Starte und sieh zu, wie der Testverlust steigt, während der Trainingsverlust fällt. Behebe es dann, sodass die Testgenauigkeit 85 % erreicht und die Trainingsgenauigkeit höchstens 10 Punkte darüber liegt. Versuche L2: Wähle L2 und stelle daneben seine Rate ein (bei 0 bewirkt es nichts), dann Zurücksetzen; oder gib ihm mehr Punkte (der Regler Punkte)."),
"Cured: the test loss no longer climbs away from the training loss, and the test accuracy is as good as the training accuracy. The big net had learned the noise of a few points by heart. A penalty on large weights keeps the net simpler, but on 30 training points of a spiral it cannot find the shape (too large a rate and it learns nothing); more data is the real cure here.":
 ("Curado: la pérdida de prueba ya no se aleja de la de entrenamiento y la precisión de prueba es tan buena como la de entrenamiento. La red grande se había aprendido de memoria el ruido de unos pocos puntos. Una penalización de los pesos grandes mantiene la red más simple, pero con 30 puntos de entrenamiento de una espiral no encuentra la forma (con una tasa demasiado grande no aprende nada); aquí la verdadera cura son más datos.",
  "Behoben: Der Testverlust entfernt sich nicht mehr vom Trainingsverlust, und die Testgenauigkeit ist so gut wie die Trainingsgenauigkeit. Das große Netz hatte das Rauschen weniger Punkte auswendig gelernt. Eine Strafe auf große Gewichte hält das Netz einfacher, doch bei 30 Trainingspunkten einer Spirale findet es die Form nicht (bei zu großer Rate lernt es nichts); hier sind mehr Daten das eigentliche Heilmittel."),
"Vanishing gradients": ("Gradientes que se desvanecen", "Verschwindende Gradienten"),
"Six sigmoid layers barely learn: the gradient-health chart shows the first layers' gradients a thousand times smaller than the last. Switch the activation to ReLU or tanh and reach 95 %. Or keep the sigmoids: choose batch norm under each hidden layer, press play, and watch the first layers' gradients come back. (Skip connections work too, with the learning rate lowered to 0.03.)":
 ("Seis capas sigmoides apenas aprenden: el gráfico de salud del gradiente muestra los gradientes de las primeras capas mil veces más pequeños que los de la última. Cambia la activación a ReLU o tanh y llega al 95 %. O mantén las sigmoides: elige norm. por lotes bajo cada capa oculta, pulsa reproducir y mira cómo vuelven los gradientes de las primeras capas. (Las conexiones residuales también sirven, con la tasa de aprendizaje bajada a 0,03.)",
  "Sechs Sigmoid-Schichten lernen kaum: Das Diagramm der Gradienten-Gesundheit zeigt die Gradienten der ersten Schichten tausendmal kleiner als die der letzten. Stelle die Aktivierung auf ReLU oder tanh um und erreiche 95 %. Oder behalte die Sigmoide: Wähle Batch-Norm. unter jeder verborgenen Schicht, drücke Start und sieh, wie die Gradienten der ersten Schichten zurückkommen. (Skip-Verbindungen helfen auch, mit auf 0,03 gesenkter Lernrate.)"),
"Learned. A sigmoid's slope is at most ¼, so the error signal shrinks at every layer on its way back; ReLU (slope 1) and tanh (slope up to 1) let it through. Batch norm cures it another way: it re-centres each layer's sums on the sigmoid's steep middle; a skip connection carries the signal round the layer.":
 ("Aprendido. La pendiente de una sigmoide es como mucho ¼, así que la señal de error se encoge en cada capa al volver; ReLU (pendiente 1) y tanh (pendiente hasta 1) la dejan pasar. La normalización por lotes lo cura de otro modo: vuelve a centrar las sumas de cada capa en el tramo empinado de la sigmoide; una conexión residual lleva la señal rodeando la capa.",
  "Gelernt. Die Steigung einer Sigmoidfunktion ist höchstens ¼, also schrumpft das Fehlersignal auf dem Rückweg in jeder Schicht; ReLU (Steigung 1) und tanh (Steigung bis 1) lassen es durch. Batch-Normalisierung hilft auf andere Weise: Sie zentriert die Summen jeder Schicht wieder auf die steile Mitte der Sigmoidfunktion; eine Skip-Verbindung führt das Signal um die Schicht herum."),
"Convolution: kernels become edge detectors": ("Convolución: los filtros se vuelven detectores de bordes", "Faltung: Kerne werden zu Kantendetektoren"),
"Press play: a small convolutional network learns to tell the bars apart. Watch the kernels: they turn into edge detectors. The goal is 90 % test accuracy.":
 ("Pulsa reproducir: una pequeña red convolucional aprende a distinguir las barras. Observa los filtros: se convierten en detectores de bordes. El objetivo es un 90 % de precisión de prueba.",
  "Drücke Start: Ein kleines Faltungsnetz lernt, die Balken zu unterscheiden. Beobachte die Kerne: Sie werden zu Kantendetektoren. Das Ziel sind 90 % Testgenauigkeit."),
"90 % reached. Look at the kernels: light beside dark, an edge detector that answers where a bar's border runs along it.":
 ("90 % alcanzado. Mira los filtros: claro junto a oscuro, un detector de bordes que responde donde el borde de una barra pasa a lo largo de él.",
  "90 % erreicht. Sieh dir die Kerne an: hell neben dunkel, ein Kantendetektor, der dort anspricht, wo der Rand eines Balkens an ihm entlangläuft."),
}
