package toomanyincludeattrs

type Wide struct {
	ID  string `dynamodbav:"id" dynamo:"pk"`
	X   string `dynamodbav:"x" gsi:"by-x,pk,project=a00|a01|a02|a03|a04|a05|a06|a07|a08|a09|a10|a11|a12|a13|a14|a15|a16|a17|a18|a19|a20|a21|a22|a23|a24|a25|a26|a27|a28|a29|a30|a31|a32|a33|a34|a35|a36|a37|a38|a39|a40|a41|a42|a43|a44|a45|a46|a47|a48|a49|a50|a51|a52|a53|a54|a55|a56|a57|a58|a59"`
	Y   string `dynamodbav:"y" gsi:"by-y,pk,project=a00|a01|a02|a03|a04|a05|a06|a07|a08|a09|a10|a11|a12|a13|a14|a15|a16|a17|a18|a19|a20|a21|a22|a23|a24|a25|a26|a27|a28|a29|a30|a31|a32|a33|a34|a35|a36|a37|a38|a39|a40|a41|a42|a43|a44|a45|a46|a47|a48|a49|a50|a51|a52|a53|a54|a55|a56|a57|a58|a59"`
	A00 string `dynamodbav:"a00"`
	A01 string `dynamodbav:"a01"`
	A02 string `dynamodbav:"a02"`
	A03 string `dynamodbav:"a03"`
	A04 string `dynamodbav:"a04"`
	A05 string `dynamodbav:"a05"`
	A06 string `dynamodbav:"a06"`
	A07 string `dynamodbav:"a07"`
	A08 string `dynamodbav:"a08"`
	A09 string `dynamodbav:"a09"`
	A10 string `dynamodbav:"a10"`
	A11 string `dynamodbav:"a11"`
	A12 string `dynamodbav:"a12"`
	A13 string `dynamodbav:"a13"`
	A14 string `dynamodbav:"a14"`
	A15 string `dynamodbav:"a15"`
	A16 string `dynamodbav:"a16"`
	A17 string `dynamodbav:"a17"`
	A18 string `dynamodbav:"a18"`
	A19 string `dynamodbav:"a19"`
	A20 string `dynamodbav:"a20"`
	A21 string `dynamodbav:"a21"`
	A22 string `dynamodbav:"a22"`
	A23 string `dynamodbav:"a23"`
	A24 string `dynamodbav:"a24"`
	A25 string `dynamodbav:"a25"`
	A26 string `dynamodbav:"a26"`
	A27 string `dynamodbav:"a27"`
	A28 string `dynamodbav:"a28"`
	A29 string `dynamodbav:"a29"`
	A30 string `dynamodbav:"a30"`
	A31 string `dynamodbav:"a31"`
	A32 string `dynamodbav:"a32"`
	A33 string `dynamodbav:"a33"`
	A34 string `dynamodbav:"a34"`
	A35 string `dynamodbav:"a35"`
	A36 string `dynamodbav:"a36"`
	A37 string `dynamodbav:"a37"`
	A38 string `dynamodbav:"a38"`
	A39 string `dynamodbav:"a39"`
	A40 string `dynamodbav:"a40"`
	A41 string `dynamodbav:"a41"`
	A42 string `dynamodbav:"a42"`
	A43 string `dynamodbav:"a43"`
	A44 string `dynamodbav:"a44"`
	A45 string `dynamodbav:"a45"`
	A46 string `dynamodbav:"a46"`
	A47 string `dynamodbav:"a47"`
	A48 string `dynamodbav:"a48"`
	A49 string `dynamodbav:"a49"`
	A50 string `dynamodbav:"a50"`
	A51 string `dynamodbav:"a51"`
	A52 string `dynamodbav:"a52"`
	A53 string `dynamodbav:"a53"`
	A54 string `dynamodbav:"a54"`
	A55 string `dynamodbav:"a55"`
	A56 string `dynamodbav:"a56"`
	A57 string `dynamodbav:"a57"`
	A58 string `dynamodbav:"a58"`
	A59 string `dynamodbav:"a59"`
}
